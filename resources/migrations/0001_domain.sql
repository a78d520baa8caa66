-- The CX domain: tenants and their hierarchy, customers, touchpoints,
-- interactions (moments of truth), surveys and responses, and security.
-- Portable SQL (SQLite 3.40 and PostgreSQL 15); times are BIGINT unix seconds.

CREATE TABLE orgs (
  id {{pk}},
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  time_zone TEXT NOT NULL DEFAULT 'Europe/Amsterdam',
  language TEXT NOT NULL DEFAULT 'nl',
  settings TEXT NOT NULL DEFAULT '{}',
  created_at BIGINT NOT NULL
);

CREATE TABLE locations (
  id {{pk}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  key TEXT NOT NULL,
  name TEXT NOT NULL,
  manager_employee_id BIGINT,
  created_at BIGINT NOT NULL,
  UNIQUE (org_id, key)
);

CREATE TABLE teams (
  id {{pk}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  location_id BIGINT REFERENCES locations(id),
  key TEXT NOT NULL,
  name TEXT NOT NULL,
  lead_employee_id BIGINT,
  created_at BIGINT NOT NULL,
  UNIQUE (org_id, key)
);

CREATE TABLE employees (
  id {{pk}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  team_id BIGINT REFERENCES teams(id),
  key TEXT NOT NULL,
  name TEXT NOT NULL,
  email TEXT,
  created_at BIGINT NOT NULL,
  UNIQUE (org_id, key)
);

CREATE TABLE customers (
  id {{pk}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  key TEXT NOT NULL,
  name TEXT,
  email TEXT,
  phone TEXT,
  language TEXT,
  consent INTEGER NOT NULL DEFAULT 0,
  opted_out INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  erased_at BIGINT,
  UNIQUE (org_id, key)
);

CREATE TABLE touchpoints (
  id {{pk}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  key TEXT NOT NULL,
  name TEXT NOT NULL,
  channel TEXT NOT NULL DEFAULT 'other',
  created_at BIGINT NOT NULL,
  UNIQUE (org_id, key)
);

CREATE TABLE interactions (
  id {{pk}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  external_id TEXT NOT NULL,
  customer_id BIGINT REFERENCES customers(id),
  touchpoint_id BIGINT REFERENCES touchpoints(id),
  channel TEXT,
  employee_id BIGINT REFERENCES employees(id),
  team_id BIGINT REFERENCES teams(id),
  location_id BIGINT REFERENCES locations(id),
  occurred_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (org_id, external_id)
);
CREATE INDEX interactions_customer ON interactions (org_id, customer_id, occurred_at);

CREATE TABLE surveys (
  id {{pk}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  key TEXT NOT NULL,
  name TEXT NOT NULL,
  definition TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (org_id, key)
);

CREATE TABLE responses (
  id {{pk}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  external_id TEXT NOT NULL,
  survey_id BIGINT REFERENCES surveys(id),
  interaction_id BIGINT REFERENCES interactions(id),
  customer_id BIGINT REFERENCES customers(id),
  touchpoint_id BIGINT REFERENCES touchpoints(id),
  channel TEXT,
  employee_id BIGINT REFERENCES employees(id),
  team_id BIGINT REFERENCES teams(id),
  location_id BIGINT REFERENCES locations(id),
  submitted_at BIGINT NOT NULL,
  nps INTEGER,
  csat INTEGER,
  ces INTEGER,
  d_certainty INTEGER,
  d_flexibility INTEGER,
  d_reliability INTEGER,
  d_customisation INTEGER,
  d_complaint_speed INTEGER,
  d_trust INTEGER,
  d_respect INTEGER,
  d_attention INTEGER,
  comment TEXT,
  answers TEXT NOT NULL DEFAULT '{}',
  created_at BIGINT NOT NULL,
  UNIQUE (org_id, external_id)
);
CREATE INDEX responses_customer ON responses (org_id, customer_id, submitted_at);
CREATE INDEX responses_time ON responses (org_id, submitted_at);

CREATE TABLE users (
  id {{pk}},
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);

-- A user's role in one organisation. Consultants hold several memberships.
-- scope: JSON {"locations":[ids],"teams":[ids]} limiting a manager.
CREATE TABLE memberships (
  user_id BIGINT NOT NULL REFERENCES users(id),
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  role TEXT NOT NULL,
  employee_id BIGINT REFERENCES employees(id),
  scope TEXT NOT NULL DEFAULT '{}',
  created_at BIGINT NOT NULL,
  PRIMARY KEY (user_id, org_id)
);

-- Sessions are stored by the SHA-256 of their token; the token itself only
-- lives in the user's cookie.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id),
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  csrf_token TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);

-- API keys: "blv_<prefix>_<secret>"; only the SHA-256 of the whole key is kept.
CREATE TABLE api_keys (
  id {{pk}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  prefix TEXT NOT NULL UNIQUE,
  key_hash TEXT NOT NULL,
  scopes TEXT NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  revoked_at BIGINT
);

CREATE TABLE audit_log (
  id {{pk}},
  org_id BIGINT,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  subject TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX audit_log_org ON audit_log (org_id, at);
