-- The reporter's case page says what happens next, by when, and marks the
-- counselors' answers that came since the reporter's last visit.
--
-- The mark is a record number, not a time: "the reporter has opened the
-- case since record N". It lives in a table of its own, which only these
-- functions reach: the review role, which reads every column of cases,
-- cannot read it, and cases.updated_at is never touched by a visit.
CREATE TABLE reporter_visits (
	case_id		text PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
	seen		int NOT NULL CHECK (seen >= 0)
);

CREATE FUNCTION intake_dates(p_lookup bytea)
RETURNS TABLE (ack_due date, response_due date, feedback_due date)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
	SELECT c.ack_due, c.response_due, c.feedback_due
	  FROM cases c WHERE c.receipt_lookup = p_lookup
$$;

-- A visit: returns the previous mark (0 before the first visit) and moves
-- it to the newest record. NULL when no case matches.
CREATE FUNCTION intake_visit(p_lookup bytea)
RETURNS int
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
	v_case text;
	v_prev int;
BEGIN
	SELECT id INTO v_case FROM cases WHERE receipt_lookup = p_lookup FOR UPDATE;
	IF v_case IS NULL THEN
		RETURN NULL;
	END IF;
	SELECT seen INTO v_prev FROM reporter_visits WHERE case_id = v_case;
	INSERT INTO reporter_visits (case_id, seen)
	     SELECT v_case, coalesce(max(seq), 0) FROM records WHERE case_id = v_case
	ON CONFLICT (case_id) DO UPDATE SET seen = excluded.seen;
	RETURN coalesce(v_prev, 0);
END $$;

REVOKE ALL ON reporter_visits FROM PUBLIC;
REVOKE ALL ON FUNCTION intake_dates(bytea), intake_visit(bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION intake_dates(bytea), intake_visit(bytea)
	TO madoguchi_intake;
