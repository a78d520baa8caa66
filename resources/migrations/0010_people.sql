-- Issue 14: people make the experience (src/people/). Portable SQL (SQLite
-- 3.40 and PostgreSQL 15).

-- Team pulse rounds: one per team and month (the unit of publication).
-- `closes_at`: links answer until then.
CREATE TABLE pulse_rounds (
  id {{pk}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  team_id BIGINT NOT NULL REFERENCES teams(id),
  month INTEGER NOT NULL,
  opened_at BIGINT NOT NULL,
  closes_at BIGINT NOT NULL,
  UNIQUE (org_id, team_id, month)
);

-- One link per employee per round. Only the SHA-256 of the token is kept.
-- Nothing here says whether the link was used: that would tell who
-- answered (and, in a round with one answer, which answer is whose).
CREATE TABLE pulse_links (
  id {{pk}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  round_id BIGINT NOT NULL REFERENCES pulse_rounds(id),
  employee_id BIGINT NOT NULL REFERENCES employees(id),
  token_hash TEXT NOT NULL UNIQUE,
  UNIQUE (round_id, employee_id)
);

-- One row per answered link: a second, different hash of the token
-- (SHA-256 of "used:" + token), which cannot be matched to a link's
-- token_hash without the token itself. One answer per link is this
-- table's primary key; the rows point at neither a link nor an answer.
CREATE TABLE pulse_used_tokens (
  used_mark TEXT PRIMARY KEY
);

-- An anonymous pulse answer: team and month (and the round when it came
-- through a link), never the employee, the link or the token. The day only,
-- not the time, so it cannot be matched to a log line.
CREATE TABLE pulse_answers (
  id {{pk}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  team_id BIGINT NOT NULL REFERENCES teams(id),
  round_id BIGINT REFERENCES pulse_rounds(id),
  month INTEGER NOT NULL,
  answered_on BIGINT NOT NULL,
  enps INTEGER NOT NULL,
  engagement_1 INTEGER,
  engagement_2 INTEGER,
  engagement_3 INTEGER,
  comment TEXT
);
CREATE INDEX pulse_answers_team_month ON pulse_answers (org_id, team_id, month);

-- The published blocks (people/pulse_anonymity.h): per team and month, the
-- highest answer id a published result has included. A month is only ever
-- shown as a whole block of at least 5 answers; later answers join it only
-- when at least 5 of them have arrived, so no two results differ by fewer
-- than 5 answers.
CREATE TABLE pulse_published (
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  team_id BIGINT NOT NULL REFERENCES teams(id),
  month INTEGER NOT NULL,
  max_answer_id BIGINT NOT NULL,
  PRIMARY KEY (org_id, team_id, month)
);
