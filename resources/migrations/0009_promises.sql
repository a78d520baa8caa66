-- Issue 16: promises made and kept. Portable SQL (SQLite 3.40 and
-- PostgreSQL 15).

-- A standard promise says what keeps it (an interaction of the same
-- customer at a touchpoint or on a channel, before the deadline), how long
-- an overdue promise waits before it is broken (the grace period, in which
-- the owner is alerted), and what the customer gets when it is broken.
ALTER TABLE standard_promises ADD COLUMN kept_by_touchpoint TEXT;
ALTER TABLE standard_promises ADD COLUMN kept_by_channel TEXT;
ALTER TABLE standard_promises ADD COLUMN grace_seconds BIGINT NOT NULL DEFAULT 3600;
ALTER TABLE standard_promises ADD COLUMN compensation TEXT;

-- A promise carries its standard's rules (copied when made, so a later
-- edit of the standard does not change a promise already made), the
-- evidence it was kept by ("interaction", "api", "person") and when, and
-- the compensation given when it was broken.
ALTER TABLE promises ADD COLUMN kept_by_touchpoint TEXT;
ALTER TABLE promises ADD COLUMN kept_by_channel TEXT;
ALTER TABLE promises ADD COLUMN grace_seconds BIGINT NOT NULL DEFAULT 0;
ALTER TABLE promises ADD COLUMN kept_evidence TEXT;
ALTER TABLE promises ADD COLUMN kept_interaction_id BIGINT;
ALTER TABLE promises ADD COLUMN overdue_alerted INTEGER NOT NULL DEFAULT 0;
ALTER TABLE promises ADD COLUMN compensation TEXT;
ALTER TABLE promises ADD COLUMN compensated_at BIGINT;
CREATE INDEX promises_customer ON promises (org_id, customer_id, status);

-- The public service charter (/charter/SLUG) is opt-in.
ALTER TABLE orgs ADD COLUMN charter_public INTEGER NOT NULL DEFAULT 0;
