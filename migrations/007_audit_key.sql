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

-- A counselor's key pair is set only at setup, while the invitation is
-- open, and only through these functions: the review role can no longer
-- UPDATE public_key (a compromised review server could otherwise swap in
-- its own key and receive every future case) nor re-open an invitation.
-- Login checks that the stored public key belongs to the unwrapped
-- secret key, so a swapped wrapped key does not log in either.
CREATE FUNCTION review_setup_keys(p_id text, p_pk bytea, p_wrapped bytea,
				  p_salt bytea, p_ops bigint, p_mem bigint,
				  p_totp bytea) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
	UPDATE counselors SET public_key = p_pk, wrapped_sk = p_wrapped,
	       wrap_salt = p_salt, wrap_ops = p_ops, wrap_mem = p_mem,
	       totp_sealed = p_totp
	 WHERE id = p_id AND invite_hash IS NOT NULL AND invite_expires > now();
	RETURN FOUND;
END $$;

CREATE FUNCTION review_setup_done(p_id text) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
	UPDATE counselors SET invite_hash = NULL, invite_expires = NULL
	 WHERE id = p_id AND invite_hash IS NOT NULL;
	RETURN FOUND;
END $$;

REVOKE ALL ON FUNCTION review_setup_keys(text, bytea, bytea, bytea, bigint,
	bigint, bytea) FROM PUBLIC;
REVOKE ALL ON FUNCTION review_setup_done(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION review_setup_keys(text, bytea, bytea, bytea, bigint,
	bigint, bytea) TO madoguchi_review;
GRANT EXECUTE ON FUNCTION review_setup_done(text) TO madoguchi_review;
REVOKE UPDATE (public_key, totp_sealed, invite_hash, invite_expires)
	ON counselors FROM madoguchi_review;
