-- Retaliation watch (issue 11). Treating someone worse for having
-- consulted is forbidden, and the ward's plan asks for follow-up: when a
-- harassment case is closed, the counselor sets follow-up dates (by
-- default one and three months later). From each date on, the closed case
-- shows as "follow-up due" in the queue and the reporter's case page asks
-- whether anything unfavourable has happened since.
--
-- What is in the clear: the dates, and whether the due follow-up was
-- answered. The answer itself is a reporter's record sealed under the
-- case key like any message (kind 'followup'). An answer that asks for
-- help ("yes" or "I would like to talk") reopens the case, which the
-- status shows anyway; both reopen it alike (urgent), so the clear
-- priority does not tell the two apart.

ALTER TABLE records DROP CONSTRAINT records_kind_check;
ALTER TABLE records ADD CONSTRAINT records_kind_check
	CHECK (kind IN ('report', 'identity', 'message', 'followup'));

CREATE TABLE case_watch (
	case_id		text NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	due		date NOT NULL,
	answered	boolean NOT NULL DEFAULT false,
	PRIMARY KEY (case_id, due)
);

-- Reopenings by a reporter's answer that the review server has not yet
-- written to the audit log: the intake holds no audit key, so it cannot
-- seal an entry; the review server does, and deletes the row in the same
-- transaction (server/review/db_watch.c).
CREATE TABLE watch_reopens (
	id		bigserial PRIMARY KEY,
	case_id		text NOT NULL REFERENCES cases(id) ON DELETE CASCADE
);

-- The first due, unanswered follow-up of a closed case, or NULL: a
-- follow-up not yet due is not asked, nor one of a case open again.
CREATE FUNCTION intake_watch_due(p_lookup bytea) RETURNS date
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
	SELECT min(w.due) FROM case_watch w JOIN cases c ON c.id = w.case_id
	 WHERE c.receipt_lookup = p_lookup AND c.status = 'closed'
	   AND NOT w.answered AND w.due <= current_date
$$;

-- The reporter's answer: the sealed record appended to the thread, every
-- due follow-up marked answered, and with p_reopen the case reopened as
-- urgent with fresh deadlines (computed in working days by the intake, as
-- for a new urgent case). Returns the record's seq, or NULL when no
-- follow-up is due (nothing is written then).
CREATE FUNCTION intake_watch_answer(p_lookup bytea, p_record_id text,
				    p_body bytea, p_reopen boolean,
				    p_ack_due date, p_response_due date,
				    p_feedback_due date)
RETURNS int
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
	v_case text;
	v_seq int;
BEGIN
	SELECT id INTO v_case FROM cases
	 WHERE receipt_lookup = p_lookup AND status = 'closed' FOR UPDATE;
	IF v_case IS NULL THEN
		RETURN NULL;
	END IF;
	UPDATE case_watch SET answered = true
	 WHERE case_id = v_case AND NOT answered AND due <= current_date;
	IF NOT FOUND THEN
		RETURN NULL;
	END IF;
	SELECT coalesce(max(seq), 0) + 1 INTO v_seq FROM records WHERE case_id = v_case;
	INSERT INTO records (id, case_id, seq, kind, author, body)
	     VALUES (p_record_id, v_case, v_seq, 'followup', 'reporter', p_body);
	IF NOT p_reopen THEN
		UPDATE cases SET updated_at = date_trunc('hour', now()) WHERE id = v_case;
		RETURN v_seq;
	END IF;
	UPDATE cases SET status = 'reopened', priority = 'urgent',
	       ack_due = p_ack_due, response_due = p_response_due,
	       feedback_due = p_feedback_due, closed_at = NULL, outcome = NULL,
	       updated_at = date_trunc('hour', now())
	 WHERE id = v_case;
	INSERT INTO watch_reopens (case_id) VALUES (v_case);
	-- the counselors hear of it like a reporter's reply (migration 008)
	INSERT INTO notify_events (kind, case_id) VALUES ('reply', v_case);
	PERFORM pg_notify('madoguchi_notify', '');
	RETURN v_seq;
END $$;

REVOKE ALL ON case_watch, watch_reopens FROM PUBLIC;
REVOKE ALL ON FUNCTION intake_watch_due(bytea),
	intake_watch_answer(bytea, text, bytea, boolean, date, date, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION intake_watch_due(bytea),
	intake_watch_answer(bytea, text, bytea, boolean, date, date, date)
	TO madoguchi_intake;
-- The review server sets the dates on closing and writes the reopenings'
-- audit entries; the intake role has no grant on either table.
GRANT SELECT, INSERT, DELETE ON case_watch TO madoguchi_review;
GRANT SELECT, DELETE ON watch_reopens TO madoguchi_review;
