-- The intake role can create cases and, given a receipt's lookup hash,
-- read and extend that one case. It cannot list or read anything else:
-- a compromised intake server cannot enumerate or bulk-copy the store.
DO $$
BEGIN
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'madoguchi_intake') THEN
		CREATE ROLE madoguchi_intake LOGIN;
	END IF;
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'madoguchi_review') THEN
		CREATE ROLE madoguchi_review LOGIN;
	END IF;
END $$;

REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO madoguchi_intake, madoguchi_review;
GRANT INSERT ON cases, case_keys, records, attachments TO madoguchi_intake;

-- Who K is sealed to for a new case on a channel: its active recipients
-- and the organisation recovery key.
CREATE FUNCTION intake_recipients(p_channel text)
RETURNS TABLE (holder text, counselor_id text, public_key bytea)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
	SELECT 'counselor', c.id, c.public_key
	  FROM channel_recipients r JOIN counselors c ON c.id = r.counselor_id
	 WHERE r.channel_id = p_channel AND c.active AND c.public_key IS NOT NULL
	UNION ALL
	SELECT 'recovery', NULL, k.recovery_pk FROM org_keys k
$$;

CREATE FUNCTION intake_open(p_lookup bytea)
RETURNS TABLE (case_id text, channel_id text, status text, created_at timestamptz,
	       reporter_salt bytea, reporter_ops bigint, reporter_mem bigint,
	       sealed_key bytea)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
	SELECT c.id, c.channel_id, c.status, c.created_at, c.reporter_salt,
	       c.reporter_ops, c.reporter_mem, k.sealed_key
	  FROM cases c JOIN case_keys k ON k.case_id = c.id AND k.holder = 'reporter'
	 WHERE c.receipt_lookup = p_lookup
$$;

CREATE FUNCTION intake_thread(p_lookup bytea)
RETURNS TABLE (record_id text, seq int, kind text, author text,
	       created_at timestamptz, body bytea)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
	SELECT r.id, r.seq, r.kind, r.author, r.created_at, r.body
	  FROM records r JOIN cases c ON c.id = r.case_id
	 WHERE c.receipt_lookup = p_lookup
	 ORDER BY r.seq
$$;

CREATE FUNCTION intake_attachments(p_lookup bytea)
RETURNS TABLE (attachment_id text, record_id text, meta bytea, size_rounded bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
	SELECT a.id, a.record_id, a.meta, a.size_rounded
	  FROM attachments a JOIN cases c ON c.id = a.case_id
	 WHERE c.receipt_lookup = p_lookup
$$;

CREATE FUNCTION intake_attachment(p_lookup bytea, p_id text)
RETURNS TABLE (meta bytea, stream bytea)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
	SELECT a.meta, a.stream
	  FROM attachments a JOIN cases c ON c.id = a.case_id
	 WHERE c.receipt_lookup = p_lookup AND a.id = p_id
$$;

-- Appends a reporter's record to the case the lookup hash names; the row
-- lock serialises sequence numbers. Returns the new seq, or NULL when no
-- case matches.
CREATE FUNCTION intake_append(p_lookup bytea, p_record_id text, p_kind text,
			      p_body bytea)
RETURNS int
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
	v_case text;
	v_seq int;
BEGIN
	IF p_kind NOT IN ('message', 'identity') THEN
		RAISE EXCEPTION 'kind % not allowed', p_kind;
	END IF;
	SELECT id INTO v_case FROM cases WHERE receipt_lookup = p_lookup FOR UPDATE;
	IF v_case IS NULL THEN
		RETURN NULL;
	END IF;
	SELECT coalesce(max(seq), 0) + 1 INTO v_seq FROM records WHERE case_id = v_case;
	INSERT INTO records (id, case_id, seq, kind, author, body)
	     VALUES (p_record_id, v_case, v_seq, p_kind, 'reporter', p_body);
	UPDATE cases SET updated_at = date_trunc('hour', now()),
	       status = CASE WHEN status = 'waiting' THEN 'in_progress' ELSE status END
	 WHERE id = v_case;
	RETURN v_seq;
END $$;

CREATE FUNCTION intake_attach(p_lookup bytea, p_id text, p_record_id text,
			      p_meta bytea, p_stream bytea, p_size bigint)
RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
	v_case text;
BEGIN
	SELECT c.id INTO v_case FROM cases c JOIN records r ON r.case_id = c.id
	 WHERE c.receipt_lookup = p_lookup AND r.id = p_record_id AND r.author = 'reporter';
	IF v_case IS NULL THEN
		RETURN false;
	END IF;
	INSERT INTO attachments (id, case_id, record_id, meta, stream, size_rounded)
	     VALUES (p_id, v_case, p_record_id, p_meta, p_stream, p_size);
	RETURN true;
END $$;

REVOKE ALL ON FUNCTION intake_recipients(text), intake_open(bytea),
	intake_thread(bytea), intake_attachments(bytea),
	intake_attachment(bytea, text), intake_append(bytea, text, text, bytea),
	intake_attach(bytea, text, text, bytea, bytea, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION intake_recipients(text), intake_open(bytea),
	intake_thread(bytea), intake_attachments(bytea),
	intake_attachment(bytea, text), intake_append(bytea, text, text, bytea),
	intake_attach(bytea, text, text, bytea, bytea, bigint) TO madoguchi_intake;
