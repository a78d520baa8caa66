-- Closing the loop, part two (issue 5): the satisfaction follow-up after a
-- case is closed, and the delivery log of e-mail alerts.
-- Portable SQL (SQLite 3.40 and PostgreSQL 15); times are BIGINT unix seconds.

-- "Bent u tevreden over de afhandeling van uw melding?": one per case, sent
-- when the case is first closed to the customer's (or the complainant's)
-- address. token_hash is the SHA-256 of the link's token; the token itself is
-- made by the mail job at send time and never stored. The answer is accepted
-- once, before expires_at.
CREATE TABLE case_followups (
  id {{pk}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  case_id BIGINT NOT NULL REFERENCES cases(id),
  customer_id BIGINT REFERENCES customers(id),
  email TEXT,
  language TEXT NOT NULL,
  token_hash TEXT UNIQUE,
  created_at BIGINT NOT NULL,
  sent_at BIGINT,
  expires_at BIGINT,
  answered_at BIGINT,
  satisfied INTEGER,
  comment TEXT,
  UNIQUE (org_id, case_id)
);

-- Alert e-mails (rules with an `email` target): state pending, delivered or
-- failed, with the attempts and the last error; re-sent by hand on request.
CREATE TABLE alert_email_deliveries (
  id {{pk}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  rule_id BIGINT,
  event TEXT NOT NULL,
  recipient TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  created_at BIGINT NOT NULL,
  delivered_at BIGINT
);
CREATE INDEX alert_email_deliveries_org ON alert_email_deliveries (org_id, id);
