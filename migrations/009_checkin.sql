-- Check-in rounds for cohorts: high-risk groups such as staff just
-- transferred, young staff, fixed-term staff.
--
-- Anonymity of a check-in rests on what is NOT here: no row per answer,
-- no timestamp finer than a round's dates, nothing that ties a code to
-- what was answered or to a case. An answer only adds one to count cells,
-- in the same transaction that spends its code. Codes are stored only as
-- a keyed BLAKE2b hash under a key the database does not hold.

CREATE TABLE cohorts (
	slug		text PRIMARY KEY CHECK (slug ~ '^[a-z0-9][a-z0-9_-]{0,31}$'),
	name_ja		text NOT NULL CHECK (length(name_ja) BETWEEN 1 AND 80),
	name_en		text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 80),
	-- an all-staff cohort is the comparison line on the other cohorts' charts
	all_staff	boolean NOT NULL DEFAULT false,
	created_on	date NOT NULL DEFAULT current_date
);

CREATE TABLE checkin_rounds (
	id		int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	cohort		text NOT NULL REFERENCES cohorts(slug),
	label		text NOT NULL CHECK (length(label) BETWEEN 1 AND 80),
	opened_on	date NOT NULL DEFAULT current_date,
	closes_on	date NOT NULL,
	closed		boolean NOT NULL DEFAULT false,
	-- 'codes': one-time codes on cards; 'link': one shared link for the
	-- whole cohort, whose figures are unverified (one person could answer twice)
	mode		text NOT NULL DEFAULT 'codes' CHECK (mode IN ('codes', 'link')),
	link_lookup	bytea UNIQUE CHECK (length(link_lookup) = 32),
	issued		int NOT NULL DEFAULT 0 CHECK (issued >= 0),
	answered	int NOT NULL DEFAULT 0 CHECK (answered >= 0),
	CHECK ((mode = 'link') = (link_lookup IS NOT NULL)),
	CHECK (closes_on >= opened_on),
	UNIQUE (cohort, label)
);

-- Only the keyed hash of each code, and whether it has been spent.
CREATE TABLE checkin_codes (
	lookup		bytea PRIMARY KEY CHECK (length(lookup) = 32),
	round_id	int NOT NULL REFERENCES checkin_rounds(id) ON DELETE CASCADE,
	spent		boolean NOT NULL DEFAULT false
);
CREATE INDEX checkin_codes_round ON checkin_codes (round_id);

-- The questions and the answers each may have; 'none' is "not answered",
-- so the cells of every question add up to the round's answers.
CREATE TABLE checkin_answers (
	question	text NOT NULL CHECK (question ~ '^[a-z0-9_]{1,16}$'),
	answer		text NOT NULL CHECK (answer ~ '^[a-z0-9_]{1,16}$'),
	ord		int NOT NULL,
	PRIMARY KEY (question, answer)
);
INSERT INTO checkin_answers (question, answer, ord) VALUES
	('k6_band', 'none', 1), ('k6_band', 'mild', 2),
	('k6_band', 'moderate', 3), ('k6_band', 'serious', 4),
	('k6_band', 'unscored', 5),
	('sleep', 'good', 1), ('sleep', 'sometimes', 2), ('sleep', 'often', 3),
	('sleep', 'none', 4),
	('overtime', 'lt20', 1), ('overtime', 'h20_45', 2),
	('overtime', 'h45_80', 3), ('overtime', 'gt80', 4),
	('overtime', 'none', 5),
	('talk', 'yes', 1), ('talk', 'no', 2), ('talk', 'unsure', 3),
	('talk', 'none', 4),
	('counselor', 'yes', 1), ('counselor', 'no', 2);

CREATE TABLE checkin_cells (
	round_id	int NOT NULL REFERENCES checkin_rounds(id) ON DELETE CASCADE,
	question	text NOT NULL,
	answer		text NOT NULL,
	n		int NOT NULL DEFAULT 0 CHECK (n >= 0),
	PRIMARY KEY (round_id, question, answer),
	FOREIGN KEY (question, answer) REFERENCES checkin_answers (question, answer)
);

-- Adds one answer set to a round's cells. Every cell of the round is
-- rewritten (most by adding zero) so that all of them carry the same
-- transaction id afterwards: the row versions do not tell which cells
-- the last person's answer changed. Caller holds the round's row lock.
CREATE FUNCTION checkin_count(p_round int, p_answers text[]) RETURNS void
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
	v_hit int;
BEGIN
	IF p_answers IS NULL OR cardinality(p_answers) <>
	    (SELECT count(DISTINCT question) FROM checkin_answers) OR
	    (SELECT count(DISTINCT split_part(a, '=', 1)) FROM unnest(p_answers) a)
	    <> cardinality(p_answers) THEN
		RAISE EXCEPTION 'check-in: one answer for each question';
	END IF;
	UPDATE checkin_cells SET n = n + CASE WHEN question || '=' || answer =
	    ANY (p_answers) THEN 1 ELSE 0 END
	 WHERE round_id = p_round;
	SELECT count(*) INTO v_hit FROM checkin_cells
	 WHERE round_id = p_round AND question || '=' || answer = ANY (p_answers);
	IF v_hit <> cardinality(p_answers) THEN
		RAISE EXCEPTION 'check-in: unknown answer';
	END IF;
	UPDATE checkin_rounds SET answered = answered + 1 WHERE id = p_round;
END $$;

-- What the intake server may learn about a code before the questions:
-- 'open' (with the round's cohort and label), 'unknown', 'spent', 'expired'.
CREATE FUNCTION checkin_status(p_lookup bytea)
RETURNS TABLE (state text, name_ja text, name_en text, label text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
	SELECT CASE WHEN c.spent THEN 'spent'
		    WHEN r.closed OR r.closes_on < current_date THEN 'expired'
		    ELSE 'open' END, h.name_ja, h.name_en, r.label
	  FROM checkin_codes c JOIN checkin_rounds r ON r.id = c.round_id
	  JOIN cohorts h ON h.slug = r.cohort
	 WHERE c.lookup = p_lookup
$$;

CREATE FUNCTION checkin_link_status(p_lookup bytea)
RETURNS TABLE (state text, name_ja text, name_en text, label text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
	SELECT CASE WHEN r.closed OR r.closes_on < current_date THEN 'expired'
		    ELSE 'open' END, h.name_ja, h.name_en, r.label
	  FROM checkin_rounds r JOIN cohorts h ON h.slug = r.cohort
	 WHERE r.link_lookup = p_lookup
$$;

-- Spends a code and counts its answers in one transaction. The round's
-- row lock orders spends against each other and against closing, so a
-- closed round's figures never change afterwards; the conditional update
-- makes exactly one of many simultaneous uses of one code succeed.
-- Returns 'counted', 'unknown', 'spent' or 'expired'.
CREATE FUNCTION checkin_spend(p_lookup bytea, p_answers text[]) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
	v_round int;
	v_open boolean;
BEGIN
	SELECT round_id INTO v_round FROM checkin_codes WHERE lookup = p_lookup;
	IF v_round IS NULL THEN
		RETURN 'unknown';
	END IF;
	SELECT NOT closed AND closes_on >= current_date INTO v_open
	  FROM checkin_rounds WHERE id = v_round FOR UPDATE;
	IF NOT v_open THEN
		RETURN 'expired';
	END IF;
	UPDATE checkin_codes SET spent = true WHERE lookup = p_lookup AND NOT spent;
	IF NOT FOUND THEN
		RETURN 'spent';
	END IF;
	PERFORM checkin_count(v_round, p_answers);
	RETURN 'counted';
END $$;

CREATE FUNCTION checkin_spend_link(p_lookup bytea, p_answers text[]) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
	v_round int;
	v_open boolean;
BEGIN
	SELECT id, NOT closed AND closes_on >= current_date INTO v_round, v_open
	  FROM checkin_rounds WHERE link_lookup = p_lookup FOR UPDATE;
	IF v_round IS NULL THEN
		RETURN 'unknown';
	END IF;
	IF NOT v_open THEN
		RETURN 'expired';
	END IF;
	PERFORM checkin_count(v_round, p_answers);
	RETURN 'counted';
END $$;

REVOKE ALL ON cohorts, checkin_rounds, checkin_codes, checkin_answers,
	checkin_cells FROM PUBLIC;
REVOKE ALL ON FUNCTION checkin_count(int, text[]), checkin_status(bytea),
	checkin_link_status(bytea), checkin_spend(bytea, text[]),
	checkin_spend_link(bytea, text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION checkin_status(bytea), checkin_link_status(bytea),
	checkin_spend(bytea, text[]), checkin_spend_link(bytea, text[])
	TO madoguchi_intake;
-- The review side sees rounds and counts, never the codes' hashes; it may
-- add cohorts and close rounds (closing takes the same row lock as a spend).
GRANT SELECT ON cohorts, checkin_rounds, checkin_answers, checkin_cells
	TO madoguchi_review;
GRANT INSERT (slug, name_ja, name_en, all_staff) ON cohorts TO madoguchi_review;
GRANT UPDATE (closed) ON checkin_rounds TO madoguchi_review;
