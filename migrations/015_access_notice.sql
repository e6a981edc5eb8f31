-- A mail when a colleague asks for access to a case (issue 12 left it
-- out). A counselor who joined a channel after a case was filed cannot
-- open it until someone who holds its key grants access; the request
-- showed only on the holders' queue pages, so it could wait unseen.
--
-- The first request for a (case, counselor) queues an 'access' notice at
-- once for each active holder of the case key who still receives its
-- channel and has a mail address set. Like every notice it carries no case
-- id and no name, only the channel. A holder who already has an access
-- notice waiting to be sent gets no second one (its channels grow
-- instead): the notice says that requests wait on the queue page, and one
-- mail brings the holder there for all of them. So a counselor asking for
-- many cases cannot flood a colleague's mailbox, and a request that comes
-- while the notice is being sent is covered by it.
ALTER TABLE notify_outbox DROP CONSTRAINT notify_outbox_kind_check;
ALTER TABLE notify_outbox ADD CONSTRAINT notify_outbox_kind_check
	CHECK (kind IN ('urgent', 'digest', 'reminder', 'test', 'access'));

CREATE FUNCTION notify_access_requested() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
	t record;
BEGIN
	FOR t IN SELECT s.counselor_id, s.lang, c.channel_id
	      FROM cases c
	      JOIN case_keys k ON k.case_id = c.id AND k.holder = 'counselor'
	      JOIN channel_recipients r ON r.channel_id = c.channel_id
	       AND r.counselor_id = k.counselor_id
	      JOIN counselors u ON u.id = k.counselor_id AND u.active
	      JOIN notify_settings s ON s.counselor_id = u.id
	     WHERE c.id = NEW.case_id AND k.counselor_id <> NEW.counselor_id
	LOOP
		UPDATE notify_outbox SET channels = CASE WHEN t.channel_id =
		       ANY (channels) THEN channels ELSE channels || t.channel_id END
		 WHERE counselor_id = t.counselor_id AND kind = 'access'
		   AND sent_at IS NULL AND failed_at IS NULL;
		IF NOT FOUND THEN
			INSERT INTO notify_outbox (counselor_id, kind, lang, channels)
			     VALUES (t.counselor_id, 'access', t.lang, ARRAY[t.channel_id]);
		END IF;
	END LOOP;
	PERFORM pg_notify('madoguchi_notify', '');
	RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION notify_access_requested() FROM PUBLIC;
CREATE TRIGGER access_gaps_notify AFTER UPDATE OF requested_at ON access_gaps
	FOR EACH ROW WHEN (OLD.requested_at IS NULL AND NEW.requested_at IS NOT NULL)
	EXECUTE FUNCTION notify_access_requested();
