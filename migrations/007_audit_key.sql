-- The audit chain, keyed. The SHA-256 chain alone can be recomputed by
-- anyone who can write the table (the database owner, a superuser, a
-- restored dump): delete an entry, recompute every later hash, and the
-- chain is whole again. Now every entry also carries an HMAC-SHA256 of
-- its hash under the audit key, a file the review server and the admin
-- tool hold and the database never sees; without it a rewritten entry
-- cannot be given a valid mac. Ids are numbered without gaps under the
-- chain's lock, so `audit verify` can also tell that none is missing.

ALTER TABLE audit_log ADD COLUMN mac bytea CHECK (mac IS NULL OR length(mac) = 32);

DROP FUNCTION audit_append(text, text, text, text);

-- Appends an entry and returns its id and hash; the caller seals it with
-- audit_seal in the same transaction (the lock is held until its end).
CREATE FUNCTION audit_append(p_actor text, p_action text, p_case text,
			     p_detail text)
RETURNS TABLE (entry_id bigint, entry_hash bytea)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
	v_prev bytea;
	v_last bigint;
	v_row audit_log;
BEGIN
	PERFORM pg_advisory_xact_lock(727001);
	SELECT a.id, a.hash INTO v_last, v_prev FROM audit_log a
	 ORDER BY a.id DESC LIMIT 1;
	v_row.id := coalesce(v_last, 0) + 1;
	v_row.at := now();
	v_row.actor := p_actor;
	v_row.action := p_action;
	v_row.case_id := p_case;
	v_row.detail := coalesce(p_detail, '');
	v_row.prev_hash := coalesce(v_prev, '\x'::bytea);
	v_row.hash := sha256(v_row.prev_hash || audit_canonical(v_row));
	v_row.mac := NULL;
	INSERT INTO audit_log VALUES (v_row.*);
	entry_id := v_row.id;
	entry_hash := v_row.hash;
	RETURN NEXT;
END $$;

-- The mac of an entry, set once.
CREATE FUNCTION audit_seal(p_id bigint, p_mac bytea) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
	UPDATE audit_log SET mac = p_mac WHERE id = p_id AND mac IS NULL;
	RETURN FOUND;
END $$;

REVOKE ALL ON FUNCTION audit_append(text, text, text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION audit_seal(bigint, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_append(text, text, text, text) TO madoguchi_review;
GRANT EXECUTE ON FUNCTION audit_seal(bigint, bytea) TO madoguchi_review;
