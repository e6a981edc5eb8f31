-- The counselor side: invitations, second factor, internal notes, the
-- audit log, and the review role's grants. The review role reads and
-- changes case metadata and appends to threads; it can never rewrite or
-- delete the audit log.

ALTER TABLE counselors
	ADD COLUMN totp_sealed	bytea,		-- sealed with the review server's key
	ADD COLUMN invite_hash	bytea UNIQUE,	-- BLAKE2b of the one-time setup token
	ADD COLUMN invite_expires timestamptz,
	ADD COLUMN failed_logins int NOT NULL DEFAULT 0,
	ADD COLUMN locked_until	timestamptz;


-- Notes counselors keep for each other; the reporter's role cannot reach them.
CREATE TABLE notes (
	id		text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{32}$'),
	case_id		text NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	counselor_id	text NOT NULL REFERENCES counselors(id),
	created_at	timestamptz NOT NULL DEFAULT date_trunc('minute', now()),
	body		bytea NOT NULL
);
-- The notes key of a case, sealed to each counselor who holds the case key.
CREATE TABLE note_keys (
	case_id		text NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	counselor_id	text NOT NULL REFERENCES counselors(id),
	sealed_key	bytea NOT NULL CHECK (length(sealed_key) = 80),
	PRIMARY KEY (case_id, counselor_id)
);

-- Append-only, hash-chained: hash = SHA-256(prev_hash || canonical row).
CREATE TABLE audit_log (
	id		bigserial PRIMARY KEY,
	at		timestamptz NOT NULL DEFAULT now(),
	actor		text NOT NULL,
	action		text NOT NULL CHECK (action ~ '^[a-z_.]{1,48}$'),
	case_id		text,
	detail		text NOT NULL DEFAULT '',
	prev_hash	bytea NOT NULL,
	hash		bytea NOT NULL
);

CREATE FUNCTION audit_canonical(a audit_log) RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$
	SELECT convert_to(concat_ws(E'\x1f', a.id::text,
	    to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
	    a.actor, a.action, coalesce(a.case_id, ''), a.detail), 'UTF8')
$$;

-- The only way in: serialised, so the chain has no forks.
CREATE FUNCTION audit_append(p_actor text, p_action text, p_case text,
			     p_detail text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
	v_prev bytea;
	v_row audit_log;
BEGIN
	PERFORM pg_advisory_xact_lock(727001);
	SELECT hash INTO v_prev FROM audit_log ORDER BY id DESC LIMIT 1;
	v_row.id := nextval('audit_log_id_seq');
	v_row.at := now();
	v_row.actor := p_actor;
	v_row.action := p_action;
	v_row.case_id := p_case;
	v_row.detail := coalesce(p_detail, '');
	v_row.prev_hash := coalesce(v_prev, '\x'::bytea);
	v_row.hash := sha256(v_row.prev_hash || audit_canonical(v_row));
	INSERT INTO audit_log VALUES (v_row.*);
END $$;

REVOKE ALL ON audit_log, notes, note_keys FROM PUBLIC;
REVOKE ALL ON FUNCTION audit_append(text, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_append(text, text, text, text) TO madoguchi_review;

GRANT SELECT ON cases, case_keys, records, attachments, channels,
	channel_recipients, org_keys, notes, note_keys, audit_log TO madoguchi_review;
GRANT SELECT (id, username, role, public_key, wrapped_sk, wrap_salt, wrap_ops,
	wrap_mem, totp_sealed, invite_expires, active, failed_logins, locked_until)
	ON counselors TO madoguchi_review;
GRANT SELECT (invite_hash) ON counselors TO madoguchi_review;
GRANT UPDATE (public_key, wrapped_sk, wrap_salt, wrap_ops, wrap_mem, totp_sealed,
	invite_hash, invite_expires, failed_logins, locked_until)
	ON counselors TO madoguchi_review;
GRANT UPDATE (status, priority, assignee, updated_at, closed_at, outcome)
	ON cases TO madoguchi_review;
GRANT INSERT ON records, attachments, notes, note_keys, case_keys TO madoguchi_review;

-- Only counselors who finished setup (password, TOTP, key pair) receive keys.
CREATE OR REPLACE FUNCTION intake_recipients(p_channel text)
RETURNS TABLE (holder text, counselor_id text, public_key bytea)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
	SELECT 'counselor', c.id, c.public_key
	  FROM channel_recipients r JOIN counselors c ON c.id = r.counselor_id
	 WHERE r.channel_id = p_channel AND c.active AND c.public_key IS NOT NULL
	   AND c.invite_hash IS NULL
	UNION ALL
	SELECT 'recovery', NULL, k.recovery_pk FROM org_keys k
$$;

-- A counselor's message to the reporter, numbered after the row lock
-- like the reporter's own (intake_append).
CREATE FUNCTION review_append(p_case text, p_record_id text, p_counselor text,
			      p_body bytea) RETURNS int
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
	v_seq int;
BEGIN
	PERFORM 1 FROM cases WHERE id = p_case FOR UPDATE;
	IF NOT FOUND THEN
		RETURN NULL;
	END IF;
	SELECT coalesce(max(seq), 0) + 1 INTO v_seq FROM records WHERE case_id = p_case;
	INSERT INTO records (id, case_id, seq, kind, author, counselor_id, body)
	     VALUES (p_record_id, p_case, v_seq, 'message', 'counselor', p_counselor, p_body);
	UPDATE cases SET updated_at = date_trunc('hour', now()) WHERE id = p_case;
	RETURN v_seq;
END $$;
REVOKE ALL ON FUNCTION review_append(text, text, text, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION review_append(text, text, text, bytea) TO madoguchi_review;
REVOKE INSERT ON records FROM madoguchi_review;
