-- Closing the loop (issue 5): cases with SLAs, complaints, the promise ledger,
-- alert rules, webhooks and their delivery log.
-- Portable SQL (SQLite 3.40 and PostgreSQL 15); times are BIGINT unix seconds.

-- Business hours and holidays per organisation (the org's time zone applies).
-- hours: JSON {"days":[1,2,3,4,5],"start":"08:30","end":"17:30"} (1 = Monday)
-- holidays: JSON ["2025-12-25", ...]
CREATE TABLE loop_calendars (
  org_id BIGINT PRIMARY KEY REFERENCES orgs(id),
  hours TEXT NOT NULL,
  holidays TEXT NOT NULL DEFAULT '[]',
  updated_at BIGINT NOT NULL
);

-- Targets per organisation and case type, in minutes (business minutes when
-- business_hours = 1). at_risk_percent: share of a target used that counts as
-- at risk.
CREATE TABLE sla_policies (
  id {{pk}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  case_type TEXT NOT NULL,
  acknowledge_minutes BIGINT,
  first_contact_minutes BIGINT,
  resolve_minutes BIGINT,
  at_risk_percent INTEGER NOT NULL DEFAULT 75,
  business_hours INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  UNIQUE (org_id, case_type)
);

-- A case (ISO 10002 status flow). source_key makes automatic opening
-- idempotent ("response:12", "complaint:3", "promise:7").
CREATE TABLE cases (
  id {{pk}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  case_type TEXT NOT NULL,
  source_key TEXT,
  status TEXT NOT NULL,
  severity TEXT NOT NULL DEFAULT 'normal',
  title TEXT NOT NULL,
  description TEXT,
  customer_id BIGINT REFERENCES customers(id),
  response_id BIGINT REFERENCES responses(id),
  interaction_id BIGINT REFERENCES interactions(id),
  complaint_id BIGINT,
  promise_id BIGINT,
  team_id BIGINT REFERENCES teams(id),
  location_id BIGINT REFERENCES locations(id),
  owner_employee_id BIGINT REFERENCES employees(id),
  escalation_level INTEGER NOT NULL DEFAULT 0,
  escalated_to_employee_id BIGINT REFERENCES employees(id),
  opened_at BIGINT NOT NULL,
  acknowledged_at BIGINT,
  first_contact_at BIGINT,
  responded_at BIGINT,
  closed_at BIGINT,
  waiting_since BIGINT,
  pauses TEXT NOT NULL DEFAULT '[]',
  sla_flags INTEGER NOT NULL DEFAULT 0,
  resolution TEXT,
  customer_satisfied INTEGER,
  updated_at BIGINT NOT NULL,
  UNIQUE (org_id, source_key)
);
CREATE INDEX cases_open ON cases (org_id, closed_at);

-- The case log: status changes, notes, contacts with the customer,
-- escalations and SLA events.
CREATE TABLE case_events (
  id {{pk}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  case_id BIGINT NOT NULL REFERENCES cases(id),
  kind TEXT NOT NULL,
  actor TEXT NOT NULL,
  body TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX case_events_case ON case_events (case_id, id);

CREATE TABLE complaints (
  id {{pk}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  source TEXT NOT NULL,
  source_ref TEXT NOT NULL,
  received_at BIGINT NOT NULL,
  customer_id BIGINT REFERENCES customers(id),
  name TEXT,
  email TEXT,
  product TEXT,
  issue TEXT,
  subject TEXT,
  narrative TEXT,
  case_id BIGINT,
  created_at BIGINT NOT NULL,
  UNIQUE (org_id, source_ref)
);

-- The service charter: a promise made automatically at every interaction at
-- a touchpoint ("we bellen binnen 4 uur terug").
CREATE TABLE standard_promises (
  id {{pk}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  key TEXT NOT NULL,
  touchpoint_key TEXT NOT NULL,
  text TEXT NOT NULL,
  due_after_seconds BIGINT NOT NULL,
  business_hours INTEGER NOT NULL DEFAULT 1,
  active INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  UNIQUE (org_id, key)
);

CREATE TABLE promises (
  id {{pk}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  promise_type TEXT NOT NULL,
  source_key TEXT,
  employee_id BIGINT REFERENCES employees(id),
  team_id BIGINT REFERENCES teams(id),
  customer_id BIGINT REFERENCES customers(id),
  text TEXT NOT NULL,
  made_at BIGINT NOT NULL,
  due_at BIGINT NOT NULL,
  interaction_id BIGINT REFERENCES interactions(id),
  case_id BIGINT,
  status TEXT NOT NULL,
  settled_at BIGINT,
  broken_case_id BIGINT,
  due_soon_alerted INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  UNIQUE (org_id, source_key)
);
CREATE INDEX promises_open ON promises (status, due_at);

-- Renegotiations: every due date a promise ever had.
CREATE TABLE promise_history (
  id {{pk}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  promise_id BIGINT NOT NULL REFERENCES promises(id),
  old_due_at BIGINT NOT NULL,
  new_due_at BIGINT NOT NULL,
  note TEXT,
  actor TEXT NOT NULL,
  at BIGINT NOT NULL
);

CREATE TABLE webhooks (
  id {{pk}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  url TEXT NOT NULL,
  secret TEXT NOT NULL,
  format TEXT NOT NULL DEFAULT 'json',
  retry_base_seconds BIGINT NOT NULL DEFAULT 30,
  max_attempts INTEGER NOT NULL DEFAULT 8,
  active INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL
);

-- event: detractor, keyword, promise.due_soon, promise.broken, sla.at_risk,
-- sla.breached, disappointment, case.opened
CREATE TABLE alert_rules (
  id {{pk}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  event TEXT NOT NULL,
  keyword TEXT,
  webhook_id BIGINT REFERENCES webhooks(id),
  email TEXT,
  active INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL
);

CREATE TABLE alert_deliveries (
  id {{pk}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  webhook_id BIGINT NOT NULL REFERENCES webhooks(id),
  rule_id BIGINT,
  event TEXT NOT NULL,
  body TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_status INTEGER,
  last_error TEXT,
  created_at BIGINT NOT NULL,
  delivered_at BIGINT
);
CREATE INDEX alert_deliveries_webhook ON alert_deliveries (org_id, webhook_id, id);

-- Watermarks of the loop's tick: the last response and interaction id seen.
CREATE TABLE loop_cursors (
  name TEXT PRIMARY KEY,
  last_id BIGINT NOT NULL
);
