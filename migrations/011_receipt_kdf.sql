-- Each case names the key derivation that turns its receipt into the
-- reporter's key pair. Cases filed before this migration used Argon2id
-- with the parameters stored beside them and keep opening with those;
-- new cases use BLAKE2b, which has no parameters (the receipt's 86 random
-- bits carry the offline work, see docs/threat-model.md).
ALTER TABLE cases ADD COLUMN reporter_kdf text NOT NULL DEFAULT 'argon2id'
	CHECK (reporter_kdf IN ('argon2id', 'blake2b'));
-- existing rows took 'argon2id' above; from here the writer names it
ALTER TABLE cases ALTER COLUMN reporter_kdf DROP DEFAULT;
ALTER TABLE cases ALTER COLUMN reporter_ops DROP NOT NULL,
	ALTER COLUMN reporter_mem DROP NOT NULL;
ALTER TABLE cases ADD CONSTRAINT cases_reporter_kdf_params CHECK (
	(reporter_kdf = 'argon2id') =
	(reporter_ops IS NOT NULL AND reporter_mem IS NOT NULL));

-- intake_open returns the kdf too: its result type changes, so it is
-- dropped and made again with the same grants.
DROP FUNCTION intake_open(bytea);
CREATE FUNCTION intake_open(p_lookup bytea)
RETURNS TABLE (case_id text, channel_id text, status text, created_at timestamptz,
	       reporter_salt bytea, reporter_kdf text, reporter_ops bigint,
	       reporter_mem bigint, sealed_key bytea)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
	SELECT c.id, c.channel_id, c.status, c.created_at, c.reporter_salt,
	       c.reporter_kdf, c.reporter_ops, c.reporter_mem, k.sealed_key
	  FROM cases c JOIN case_keys k ON k.case_id = c.id AND k.holder = 'reporter'
	 WHERE c.receipt_lookup = p_lookup
$$;
REVOKE ALL ON FUNCTION intake_open(bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION intake_open(bytea) TO madoguchi_intake;

-- The counselor queue pages by keyset (after a case, not OFFSET) in four
-- segments: urgent or not, overdue or not, each newest first. These
-- indexes let each segment read only the rows of one page, whatever the
-- depth and the table size. The due-date expression must stay word for
-- word the one in server/review/db_list.c (QUEUE_DUE).
CREATE INDEX cases_queue_recent ON cases (created_at, id);
CREATE INDEX cases_queue_urgent ON cases (created_at, id) WHERE priority = 'urgent';
CREATE INDEX cases_queue_due ON cases ((CASE WHEN status = 'new' THEN ack_due
	WHEN status IN ('acknowledged', 'reopened') THEN response_due
	ELSE feedback_due END)) WHERE status <> 'closed';
