-- Outcomes and categories from fixed lists, as statuses, priorities and
-- labels already are: a word outside the list is refused by the database
-- too. server/common/vocab.c holds the same words; tests/unit/test_vocab.c
-- checks that the two agree.
ALTER TABLE cases ADD CONSTRAINT cases_outcome_known CHECK (outcome IN
	('resolved', 'advice_given', 'no_harassment', 'withdrawn', 'referred'));
ALTER TABLE cases ADD CONSTRAINT cases_category_known CHECK (category IN
	('power', 'sexual', 'maternity', 'customer', 'sogi', 'unsure'));
