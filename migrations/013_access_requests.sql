-- Cases a counselor cannot open, and their requests for access (issue 12).
--
-- A case is sealed to the counselors who receive its channel when it is
-- filed. A counselor who joins a channel later, or whose setup was not
-- finished then, holds no key to those cases and cannot open them. The
-- queue lists only the cases its reader holds a key to; the others of
-- their channels are listed apart, each with a button that asks a
-- colleague for access. A colleague who holds the key grants it by
-- sealing the case key to the requester's public key
-- (server/review/actions.c); the new key row removes the gap. Requests
-- and grants are audited by the review server.
--
-- access_gaps holds one row per (case, counselor of its channel without
-- a key), kept by the triggers below, so both lists read a handful of
-- index entries instead of comparing every case with every key (at
-- 100,000 cases that comparison costs more than a whole queue page).
--
-- What is in the clear: who lacks a key to which case (case_keys says
-- the same), the case's hour of filing (cases.created_at, copied for the
-- index), and the hour a request was made (the audit log holds it too).
CREATE TABLE access_gaps (
	case_id		text NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	counselor_id	text NOT NULL REFERENCES counselors(id),
	case_created	timestamptz NOT NULL,
	requested_at	timestamptz,
	PRIMARY KEY (case_id, counselor_id)
);
CREATE INDEX access_gaps_list ON access_gaps (counselor_id, case_created, case_id);
CREATE INDEX access_gaps_asked ON access_gaps (requested_at)
	WHERE requested_at IS NOT NULL;
REVOKE ALL ON access_gaps FROM PUBLIC;
GRANT SELECT ON access_gaps TO madoguchi_review;
GRANT UPDATE (requested_at) ON access_gaps TO madoguchi_review;

-- The queue asks, per case of a page, whether its reader holds the key.
CREATE INDEX case_keys_counselor ON case_keys (counselor_id, case_id)
	WHERE holder = 'counselor';

-- The recipients of a case's channel without a key to it, once the
-- filing's transaction has written every key (hence deferred). A case
-- deleted again in the same transaction leaves nothing.
CREATE FUNCTION access_gaps_case() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
	INSERT INTO access_gaps (case_id, counselor_id, case_created)
	SELECT c.id, r.counselor_id, c.created_at
	  FROM cases c JOIN channel_recipients r ON r.channel_id = c.channel_id
	 WHERE c.id = NEW.id AND NOT EXISTS (SELECT 1 FROM case_keys k
	       WHERE k.case_id = c.id AND k.holder = 'counselor'
	         AND k.counselor_id = r.counselor_id)
	ON CONFLICT DO NOTHING;
	RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER access_gaps_case AFTER INSERT ON cases
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
	EXECUTE FUNCTION access_gaps_case();

-- A key sealed to a counselor (filing, grant, recovery) closes the gap.
CREATE FUNCTION access_gaps_key() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
	DELETE FROM access_gaps
	 WHERE case_id = NEW.case_id AND counselor_id = NEW.counselor_id;
	RETURN NULL;
END $$;
CREATE TRIGGER access_gaps_key AFTER INSERT ON case_keys FOR EACH ROW
	WHEN (NEW.holder = 'counselor') EXECUTE FUNCTION access_gaps_key();

-- A counselor added to a channel lacks the keys of its existing cases;
-- one taken off it no longer sees them.
CREATE FUNCTION access_gaps_member() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
	IF TG_OP = 'DELETE' THEN
		DELETE FROM access_gaps g USING cases c
		 WHERE g.counselor_id = OLD.counselor_id AND c.id = g.case_id
		   AND c.channel_id = OLD.channel_id;
		RETURN NULL;
	END IF;
	INSERT INTO access_gaps (case_id, counselor_id, case_created)
	SELECT c.id, NEW.counselor_id, c.created_at FROM cases c
	 WHERE c.channel_id = NEW.channel_id AND NOT EXISTS (SELECT 1
	       FROM case_keys k WHERE k.case_id = c.id
	        AND k.holder = 'counselor' AND k.counselor_id = NEW.counselor_id)
	ON CONFLICT DO NOTHING;
	RETURN NULL;
END $$;
CREATE TRIGGER access_gaps_member AFTER INSERT OR DELETE ON channel_recipients
	FOR EACH ROW EXECUTE FUNCTION access_gaps_member();

-- The gaps that exist already.
INSERT INTO access_gaps (case_id, counselor_id, case_created)
SELECT c.id, r.counselor_id, c.created_at
  FROM cases c JOIN channel_recipients r ON r.channel_id = c.channel_id
 WHERE NOT EXISTS (SELECT 1 FROM case_keys k WHERE k.case_id = c.id
       AND k.holder = 'counselor' AND k.counselor_id = r.counselor_id);
