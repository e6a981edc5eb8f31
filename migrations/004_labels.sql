-- Labels counselors put on a case, from a fixed list only: free text in the
-- clear could say what a report says.
ALTER TABLE cases ADD COLUMN labels text[] NOT NULL DEFAULT '{}'
	CHECK (labels <@ ARRAY['follow_up', 'needs_investigation', 'hr_informed',
	    'medical_referral', 'retaliation_check', 'third_party']::text[]);
GRANT UPDATE (labels) ON cases TO madoguchi_review;
