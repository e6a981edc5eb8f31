-- Mail notices to counselors (madoguchi-notify). The notifier's role sees
-- case ids, channels, priority, status, assignee and due dates, and the
-- counselors' notice settings: never a category, a record, a key or a file.
-- What it queues carries no case id: counts, a channel and a kind only.
DO $$
BEGIN
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'madoguchi_notify') THEN
		CREATE ROLE madoguchi_notify LOGIN;
	END IF;
END $$;
GRANT USAGE ON SCHEMA public TO madoguchi_notify;

-- What each counselor asked for, set on their account page.
CREATE TABLE notify_settings (
	counselor_id	text PRIMARY KEY REFERENCES counselors(id) ON DELETE CASCADE,
	email		text NOT NULL CHECK (length(email) <= 254 AND email ~
			    '^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(\.[A-Za-z0-9-]{1,63})+$'),
	urgent		boolean NOT NULL DEFAULT true,
	digest		text NOT NULL DEFAULT 'daily'
			    CHECK (digest IN ('hourly', 'daily', 'off')),
	reminders	boolean NOT NULL DEFAULT true,
	lang		text NOT NULL DEFAULT 'ja' CHECK (lang IN ('ja', 'en'))
);

-- Written by triggers in the same transaction as the case or message, so
-- a notice cannot be lost while the notifier is down; the notifier deletes
-- each event in the transaction that turns it into mail or a digest count.
CREATE TABLE notify_events (
	id		bigserial PRIMARY KEY,
	kind		text NOT NULL CHECK (kind IN ('case', 'urgent', 'reply')),
	case_id		text NOT NULL REFERENCES cases(id) ON DELETE CASCADE
);

-- Counts waiting for the next digest: no case ids, no times.
CREATE TABLE notify_pending (
	counselor_id	text NOT NULL REFERENCES counselors(id) ON DELETE CASCADE,
	channel_id	text NOT NULL REFERENCES channels(id),
	new_cases	int NOT NULL DEFAULT 0 CHECK (new_cases >= 0),
	replies		int NOT NULL DEFAULT 0 CHECK (replies >= 0),
	PRIMARY KEY (counselor_id, channel_id)
);

-- Every mail is a row here before it is sent and is marked sent after.
-- message_id is fixed at queueing, so a repeat after a crash carries the
-- same Message-ID and mail programs can fold the two.
CREATE TABLE notify_outbox (
	id		bigserial PRIMARY KEY,
	counselor_id	text NOT NULL REFERENCES counselors(id) ON DELETE CASCADE,
	kind		text NOT NULL CHECK (kind IN ('urgent', 'digest', 'reminder', 'test')),
	message_id	text NOT NULL UNIQUE DEFAULT replace(gen_random_uuid()::text, '-', '')
			    CHECK (message_id ~ '^[0-9a-f]{32}$'),
	lang		text NOT NULL CHECK (lang IN ('ja', 'en')),
	channels	text[] NOT NULL DEFAULT '{}',
	n_new		int NOT NULL DEFAULT 0,
	n_replies	int NOT NULL DEFAULT 0,
	n_waiting	int NOT NULL DEFAULT 0,
	n_due		int NOT NULL DEFAULT 0,
	n_overdue	int NOT NULL DEFAULT 0,
	created_at	timestamptz NOT NULL DEFAULT date_trunc('hour', now()),
	next_try	timestamptz NOT NULL DEFAULT now(),
	attempts	int NOT NULL DEFAULT 0,
	sent_at		timestamptz,
	failed_at	timestamptz,
	last_error	text NOT NULL DEFAULT '' CHECK (length(last_error) <= 200)
);
CREATE INDEX notify_outbox_due ON notify_outbox (next_try)
	WHERE sent_at IS NULL AND failed_at IS NULL;

-- When each periodic step last ran ('hourly', 'daily', 'reminders').
CREATE TABLE notify_state (
	name		text PRIMARY KEY CHECK (name IN ('hourly', 'daily', 'reminders')),
	last_run	timestamptz NOT NULL
);

-- Triggers: run with the owner's rights so that intake and review need no
-- grant on the notice tables. The NOTIFY payload is empty: the notifier
-- reads the events table, so nothing about a case travels in the signal.
CREATE FUNCTION notify_case_inserted() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
	INSERT INTO notify_events (kind, case_id)
	     VALUES (CASE WHEN NEW.priority = 'urgent' THEN 'urgent' ELSE 'case' END, NEW.id);
	PERFORM pg_notify('madoguchi_notify', '');
	RETURN NULL;
END $$;
CREATE TRIGGER cases_notify AFTER INSERT ON cases
	FOR EACH ROW EXECUTE FUNCTION notify_case_inserted();

CREATE FUNCTION notify_case_urgent() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
	INSERT INTO notify_events (kind, case_id) VALUES ('urgent', NEW.id);
	PERFORM pg_notify('madoguchi_notify', '');
	RETURN NULL;
END $$;
CREATE TRIGGER cases_notify_urgent AFTER UPDATE OF priority ON cases
	FOR EACH ROW WHEN (NEW.priority = 'urgent' AND OLD.priority <> 'urgent')
	EXECUTE FUNCTION notify_case_urgent();

CREATE FUNCTION notify_reply_inserted() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
	INSERT INTO notify_events (kind, case_id) VALUES ('reply', NEW.case_id);
	PERFORM pg_notify('madoguchi_notify', '');
	RETURN NULL;
END $$;
CREATE TRIGGER records_notify AFTER INSERT ON records
	FOR EACH ROW WHEN (NEW.author = 'reporter' AND NEW.kind = 'message')
	EXECUTE FUNCTION notify_reply_inserted();
REVOKE ALL ON FUNCTION notify_case_inserted(), notify_case_urgent(),
	notify_reply_inserted() FROM PUBLIC;

-- The notifier's functions run with the notifier's own rights (SECURITY
-- INVOKER): the grants below are all it has.

-- Cases in a counselor's channels that nobody has acknowledged yet.
CREATE FUNCTION notify_waiting(p_counselor text) RETURNS int
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
	SELECT count(*)::int FROM cases c
	  JOIN channel_recipients r ON r.channel_id = c.channel_id
	 WHERE r.counselor_id = p_counselor AND c.status = 'new'
$$;

-- Turns up to p_max events into urgent mails and digest counts. A reply
-- goes to the case's assignee, or to the channel when nobody is assigned.
CREATE FUNCTION notify_take_events(p_max int) RETURNS int
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
	e record;
	t record;
	n int := 0;
BEGIN
	FOR e IN DELETE FROM notify_events WHERE id IN (SELECT id FROM notify_events
	    ORDER BY id LIMIT p_max) RETURNING kind, case_id
	LOOP
		n := n + 1;
		FOR t IN SELECT c.channel_id, s.counselor_id, s.urgent, s.digest, s.lang
		      FROM cases c
		      JOIN channel_recipients r ON r.channel_id = c.channel_id
		      JOIN counselors u ON u.id = r.counselor_id AND u.active
		      JOIN notify_settings s ON s.counselor_id = u.id
		     WHERE c.id = e.case_id AND (e.kind <> 'reply' OR c.assignee IS NULL
			   OR c.assignee = u.id)
		LOOP
			IF e.kind = 'urgent' AND t.urgent THEN
				INSERT INTO notify_outbox (counselor_id, kind, lang, channels, n_waiting)
				     VALUES (t.counselor_id, 'urgent', t.lang, ARRAY[t.channel_id],
					     notify_waiting(t.counselor_id));
			ELSIF t.digest <> 'off' THEN
				INSERT INTO notify_pending AS p (counselor_id, channel_id, new_cases, replies)
				     VALUES (t.counselor_id, t.channel_id, (e.kind <> 'reply')::int,
					     (e.kind = 'reply')::int)
				ON CONFLICT (counselor_id, channel_id) DO UPDATE
				     SET new_cases = p.new_cases + EXCLUDED.new_cases,
					 replies = p.replies + EXCLUDED.replies;
			END IF;
		END LOOP;
	END LOOP;
	RETURN n;
END $$;

-- One digest mail per counselor whose setting is p_digest, from the counts
-- gathered since the last one; the counts are cleared in the same step.
CREATE FUNCTION notify_flush(p_digest text) RETURNS int
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
	n int;
BEGIN
	WITH gone AS (
		DELETE FROM notify_pending p USING notify_settings s
		 WHERE s.counselor_id = p.counselor_id AND s.digest IN (p_digest, 'off')
		RETURNING p.counselor_id, p.channel_id, p.new_cases, p.replies, s.lang, s.digest
	), ins AS (
		INSERT INTO notify_outbox (counselor_id, kind, lang, channels, n_new,
					   n_replies, n_waiting)
		SELECT counselor_id, 'digest', min(lang), array_agg(channel_id ORDER BY channel_id),
		       sum(new_cases), sum(replies), notify_waiting(counselor_id)
		  FROM gone WHERE digest = p_digest
		 GROUP BY counselor_id
		RETURNING 1
	)
	SELECT count(*) INTO n FROM ins;
	INSERT INTO notify_state (name, last_run) VALUES (p_digest, now())
	ON CONFLICT (name) DO UPDATE SET last_run = now();
	RETURN n;
END $$;

-- Once a day: for each counselor who wants reminders, how many of their
-- cases (assigned to them, or unassigned in their channels) have a date
-- due today or tomorrow, and how many are past one. Which date counts
-- depends on the status: acknowledgement while new, first response until
-- in progress, feedback until closed.
CREATE FUNCTION notify_reminders() RETURNS int
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
	n int;
BEGIN
	WITH due AS (
		SELECT c.id, c.channel_id, c.assignee, least(
		    CASE WHEN c.status = 'new' THEN c.ack_due END,
		    CASE WHEN c.status IN ('new', 'acknowledged') THEN c.response_due END,
		    c.feedback_due) AS first_due
		  FROM cases c WHERE c.status <> 'closed'
	), mine AS (
		SELECT s.counselor_id, s.lang, d.channel_id,
		       (d.first_due < current_date)::int AS overdue,
		       (d.first_due >= current_date)::int AS soon
		  FROM due d
		  JOIN channel_recipients r ON r.channel_id = d.channel_id
		  JOIN counselors u ON u.id = r.counselor_id AND u.active
		  JOIN notify_settings s ON s.counselor_id = u.id AND s.reminders
		 WHERE d.first_due <= current_date + 1
		   AND (d.assignee IS NULL OR d.assignee = u.id)
	), ins AS (
		INSERT INTO notify_outbox (counselor_id, kind, lang, channels, n_due,
					   n_overdue, n_waiting)
		SELECT counselor_id, 'reminder', min(lang),
		       array_agg(DISTINCT channel_id ORDER BY channel_id),
		       sum(soon), sum(overdue), notify_waiting(counselor_id)
		  FROM mine GROUP BY counselor_id
		RETURNING 1
	)
	SELECT count(*) INTO n FROM ins;
	INSERT INTO notify_state (name, last_run) VALUES ('reminders', now())
	ON CONFLICT (name) DO UPDATE SET last_run = now();
	-- sent notices are kept a week for the status page, then dropped
	DELETE FROM notify_outbox WHERE sent_at < now() - interval '7 days'
	    OR failed_at < now() - interval '30 days';
	RETURN n;
END $$;

-- What the administrator's status page shows: per counselor, notices that
-- could not be delivered and notices still queued. No case, no content.
CREATE FUNCTION notify_problems()
RETURNS TABLE (username text, failed bigint, queued bigint, last_error text,
	       since text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
	SELECT u.username,
	       count(*) FILTER (WHERE o.failed_at IS NOT NULL),
	       count(*) FILTER (WHERE o.failed_at IS NULL AND o.sent_at IS NULL),
	       (array_agg(o.last_error ORDER BY o.id DESC))[1],
	       to_char(min(o.created_at), 'YYYY-MM-DD HH24:00')
	  FROM notify_outbox o JOIN counselors u ON u.id = o.counselor_id
	 WHERE o.sent_at IS NULL AND (o.failed_at IS NOT NULL OR o.attempts > 0)
	 GROUP BY u.username ORDER BY u.username
$$;

REVOKE ALL ON notify_settings, notify_events, notify_pending, notify_outbox,
	notify_state FROM PUBLIC;
REVOKE ALL ON FUNCTION notify_waiting(text), notify_take_events(int),
	notify_flush(text), notify_reminders(), notify_problems() FROM PUBLIC;

GRANT SELECT (id, channel_id, priority, status, assignee, ack_due, response_due,
	feedback_due) ON cases TO madoguchi_notify;
GRANT SELECT (id, username, active) ON counselors TO madoguchi_notify;
GRANT SELECT ON channel_recipients, channels, notify_settings TO madoguchi_notify;
GRANT SELECT, DELETE ON notify_events TO madoguchi_notify;
GRANT SELECT, INSERT, UPDATE, DELETE ON notify_pending, notify_state TO madoguchi_notify;
GRANT SELECT, INSERT, UPDATE, DELETE ON notify_outbox TO madoguchi_notify;
GRANT USAGE ON SEQUENCE notify_outbox_id_seq TO madoguchi_notify;
GRANT EXECUTE ON FUNCTION notify_waiting(text), notify_take_events(int),
	notify_flush(text), notify_reminders() TO madoguchi_notify;

-- The review server keeps each counselor's own settings and shows the
-- administrator the delivery problems.
GRANT SELECT, INSERT, UPDATE, DELETE ON notify_settings TO madoguchi_review;
GRANT EXECUTE ON FUNCTION notify_problems() TO madoguchi_review;
