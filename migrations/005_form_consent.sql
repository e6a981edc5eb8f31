-- Two more facts in the clear, both chosen from fixed lists, for the
-- HR department's statistics:
--   form: which form was used, so reports about oneself and reports by a
--     third party (the window the HR plan's 取組18 asks for) can be counted;
--   record_consent: the reporter's answer to whether the consultation may
--     become an official ward record (NULL: not asked or not answered).
-- Cases filed before this migration have neither.
ALTER TABLE cases ADD COLUMN form text
	CHECK (form IN ('harassment-self', 'harassment-other',
			'wellbeing-self', 'wellbeing-other'));
ALTER TABLE cases ADD COLUMN record_consent text
	CHECK (record_consent IN ('yes', 'no'));

-- Where the statistics stop: the start of the current month in Japan, so a
-- month still filling up cannot be compared from one day to the next to
-- learn what one new case was about; once the month has p_min cases it
-- is included ('infinity': everything so far).
CREATE FUNCTION stats_cutoff(p_min int) RETURNS timestamptz
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
	SELECT CASE WHEN count(c.id) >= p_min THEN 'infinity'::timestamptz
		    ELSE m.start END
	  FROM (SELECT date_trunc('month', now() AT TIME ZONE 'Asia/Tokyo')
			AT TIME ZONE 'Asia/Tokyo' AS start) m
	  LEFT JOIN cases c ON c.created_at >= m.start
	 GROUP BY m.start
$$;
REVOKE ALL ON FUNCTION stats_cutoff(int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION stats_cutoff(int) TO madoguchi_review;
