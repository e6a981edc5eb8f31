-- The reporter's case page says what happens next, by when, and marks the
-- counselors' answers that came since the reporter's last visit.
--
-- The mark is a record number, not a time: "the reporter has opened the
-- case since record N". It is set when a receipt opens the case, never
-- touches updated_at, and the review role cannot read it.
ALTER TABLE cases ADD COLUMN reporter_seen int NOT NULL DEFAULT 0
	CHECK (reporter_seen >= 0);

CREATE FUNCTION intake_dates(p_lookup bytea)
RETURNS TABLE (ack_due date, response_due date, feedback_due date)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
	SELECT c.ack_due, c.response_due, c.feedback_due
	  FROM cases c WHERE c.receipt_lookup = p_lookup
$$;

-- A visit: returns the previous mark and moves it to the newest record.
-- NULL when no case matches.
CREATE FUNCTION intake_visit(p_lookup bytea)
RETURNS int
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
	v_case text;
	v_prev int;
BEGIN
	SELECT id, reporter_seen INTO v_case, v_prev FROM cases
	 WHERE receipt_lookup = p_lookup FOR UPDATE;
	IF v_case IS NULL THEN
		RETURN NULL;
	END IF;
	UPDATE cases SET reporter_seen =
	       (SELECT coalesce(max(seq), 0) FROM records WHERE case_id = v_case)
	 WHERE id = v_case;
	RETURN v_prev;
END $$;

REVOKE ALL ON FUNCTION intake_dates(bytea), intake_visit(bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION intake_dates(bytea), intake_visit(bytea)
	TO madoguchi_intake;
