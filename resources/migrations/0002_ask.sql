-- Issue 4 (ask): the durable job runner, survey triggers, invitations, QR
-- codes and survey drafts. Portable SQL (SQLite 3.40 and PostgreSQL 15).

-- Background jobs (src/jobs/job_runner.h). org_id 0 = not tied to an org.
-- state: pending -> running (claimed, lease until locked_until) -> done | dead;
-- a failed attempt goes back to pending with run_at pushed out (backoff).
CREATE TABLE jobs (
  id {{pk}},
  org_id BIGINT NOT NULL DEFAULT 0,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL DEFAULT '{}',
  state TEXT NOT NULL DEFAULT 'pending',
  run_at BIGINT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  locked_until BIGINT,
  last_error TEXT,
  dedupe_key TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (org_id, kind, dedupe_key)
);
CREATE INDEX jobs_due ON jobs (state, run_at);

-- Which survey to send after an interaction at a touchpoint, and when.
-- touchpoint_id NULL = the organisation's default for every touchpoint.
CREATE TABLE survey_triggers (
  id {{pk}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  touchpoint_id BIGINT REFERENCES touchpoints(id),
  survey_id BIGINT NOT NULL REFERENCES surveys(id),
  delay_seconds BIGINT NOT NULL DEFAULT 3600,
  enabled INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (org_id, touchpoint_id)
);

-- Fatigue rules per organisation.
CREATE TABLE ask_settings (
  org_id BIGINT PRIMARY KEY REFERENCES orgs(id),
  fatigue_days INTEGER NOT NULL DEFAULT 30,
  daily_cap INTEGER NOT NULL DEFAULT 1000,
  sample_percent INTEGER NOT NULL DEFAULT 100,
  expiry_days INTEGER NOT NULL DEFAULT 14,
  reminder_days INTEGER NOT NULL DEFAULT 3,
  updated_at BIGINT NOT NULL
);

-- How far the trigger planner has read the interactions table.
CREATE TABLE ask_cursor (
  name TEXT PRIMARY KEY,
  last_id BIGINT NOT NULL
);
INSERT INTO ask_cursor (name, last_id) SELECT 'interactions', COALESCE(MAX(id), 0) FROM interactions;

-- An invitation to answer a survey. Only the SHA-256 of the token is kept;
-- the token itself lives in the link sent to the customer. Kind 'qr' rows
-- are anonymous (no customer) and reusable; 'personal' rows answer once.
-- status: planned, queued, sent, failed, answered, expired, skipped.
CREATE TABLE invitations (
  id {{pk}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  token_hash TEXT NOT NULL UNIQUE,
  survey_id BIGINT NOT NULL REFERENCES surveys(id),
  customer_id BIGINT REFERENCES customers(id),
  interaction_id BIGINT REFERENCES interactions(id),
  touchpoint_id BIGINT REFERENCES touchpoints(id),
  location_id BIGINT REFERENCES locations(id),
  language TEXT,
  status TEXT NOT NULL,
  send_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  sent_at BIGINT,
  reminded_at BIGINT,
  answered_at BIGINT,
  last_error TEXT,
  form_nonce TEXT NOT NULL,
  draft TEXT NOT NULL DEFAULT '{}',
  created_at BIGINT NOT NULL
);
CREATE INDEX invitations_customer ON invitations (org_id, customer_id, created_at);
CREATE INDEX invitations_day ON invitations (org_id, created_at);

-- The e-mails sent, one row per (invitation, purpose): the exactly-once record.
CREATE TABLE invitation_mails (
  id {{pk}},
  invitation_id BIGINT NOT NULL REFERENCES invitations(id),
  purpose TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  sent_at BIGINT,
  UNIQUE (invitation_id, purpose)
);

-- Anonymous QR links for face-to-face moments: /q/CODE knows touchpoint and location.
CREATE TABLE qr_codes (
  id {{pk}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  code TEXT NOT NULL UNIQUE,
  survey_id BIGINT NOT NULL REFERENCES surveys(id),
  touchpoint_id BIGINT REFERENCES touchpoints(id),
  location_id BIGINT REFERENCES locations(id),
  created_at BIGINT NOT NULL,
  UNIQUE (org_id, survey_id, touchpoint_id, location_id)
);
