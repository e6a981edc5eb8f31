-- Madoguchi schema. Only what docs/threat-model.md lists stays in the clear: ids,
-- channel, category chosen, coarsened timestamps, status, priority,
-- assignee, SLA dates and rounded sizes. Everything a person wrote is a
-- sealed bytea that this database cannot open.

CREATE TABLE org_keys (
	id		int PRIMARY KEY CHECK (id = 1),
	recovery_pk	bytea NOT NULL CHECK (length(recovery_pk) = 32),
	created_at	timestamptz NOT NULL DEFAULT date_trunc('day', now())
);

CREATE TABLE channels (
	id		text PRIMARY KEY CHECK (id ~ '^[a-z_]{1,32}$'),
	created_at	timestamptz NOT NULL DEFAULT now()
);
INSERT INTO channels (id) VALUES ('harassment'), ('mental_health');

CREATE TABLE counselors (
	id		text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{32}$'),
	username	text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9._-]{1,64}$'),
	role		text NOT NULL CHECK (role IN ('counselor', 'analyst', 'admin')),
	public_key	bytea CHECK (length(public_key) = 32),
	wrapped_sk	bytea CHECK (length(wrapped_sk) = 72),
	wrap_salt	bytea CHECK (length(wrap_salt) = 16),
	wrap_ops	bigint,
	wrap_mem	bigint,
	active		boolean NOT NULL DEFAULT true,
	created_at	timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE channel_recipients (
	channel_id	text NOT NULL REFERENCES channels(id),
	counselor_id	text NOT NULL REFERENCES counselors(id),
	PRIMARY KEY (channel_id, counselor_id)
);

CREATE TABLE cases (
	id		text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{32}$'),
	channel_id	text NOT NULL REFERENCES channels(id),
	category	text CHECK (category ~ '^[a-z_]{1,32}$'),
	receipt_lookup	bytea NOT NULL UNIQUE CHECK (length(receipt_lookup) = 32),
	reporter_salt	bytea NOT NULL CHECK (length(reporter_salt) = 16),
	reporter_ops	bigint NOT NULL CHECK (reporter_ops > 0),
	reporter_mem	bigint NOT NULL CHECK (reporter_mem > 0),
	status		text NOT NULL DEFAULT 'new' CHECK (status IN
			    ('new', 'acknowledged', 'in_progress', 'waiting',
			     'closed', 'reopened')),
	priority	text NOT NULL DEFAULT 'normal' CHECK (priority IN
			    ('low', 'normal', 'high', 'urgent')),
	assignee	text REFERENCES counselors(id),
	-- coarsened to the hour: ordering within an hour is not recorded
	created_at	timestamptz NOT NULL DEFAULT date_trunc('hour', now()),
	updated_at	timestamptz NOT NULL DEFAULT date_trunc('hour', now()),
	ack_due		date NOT NULL DEFAULT (current_date + 7),
	response_due	date NOT NULL DEFAULT (current_date + 30),
	feedback_due	date NOT NULL DEFAULT (current_date + 90),
	closed_at	timestamptz,
	outcome		text
);
CREATE INDEX cases_queue ON cases (priority, status, created_at);

-- The case's data key K sealed to each holder.
CREATE TABLE case_keys (
	case_id		text NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	holder		text NOT NULL CHECK (holder IN ('counselor', 'recovery', 'reporter')),
	counselor_id	text REFERENCES counselors(id),
	sealed_key	bytea NOT NULL CHECK (length(sealed_key) = 80),
	CHECK ((holder = 'counselor') = (counselor_id IS NOT NULL))
);
CREATE UNIQUE INDEX case_keys_one ON case_keys
	(case_id, holder, coalesce(counselor_id, ''));

-- The report, the thread and the identity, each sealed under K.
CREATE TABLE records (
	id		text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{32}$'),
	case_id		text NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	seq		int NOT NULL CHECK (seq > 0),
	kind		text NOT NULL CHECK (kind IN ('report', 'identity', 'message')),
	author		text NOT NULL CHECK (author IN ('reporter', 'counselor')),
	counselor_id	text REFERENCES counselors(id),
	created_at	timestamptz NOT NULL DEFAULT date_trunc('hour', now()),
	body		bytea NOT NULL,
	UNIQUE (case_id, seq)
);

CREATE TABLE attachments (
	id		text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{32}$'),
	case_id		text NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	record_id	text NOT NULL REFERENCES records(id) ON DELETE CASCADE,
	meta		bytea NOT NULL,		-- sealed: name, type, true size
	stream		bytea NOT NULL,		-- secretstream, fixed-size chunks
	size_rounded	bigint NOT NULL CHECK (size_rounded >= 0),
	created_at	timestamptz NOT NULL DEFAULT date_trunc('hour', now())
);
CREATE INDEX attachments_record ON attachments (record_id);
