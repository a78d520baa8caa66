-- Issue 20: slicing by survey and by customer attributes, and the outcome
-- of each moment. Portable SQL (SQLite 3.40 and PostgreSQL 15).

-- A survey's question-set version: 1 at creation, bumped by
-- SurveyStore::Update when the definition changes (store/survey_store.h).
-- A response records the version it answered.
ALTER TABLE surveys ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE responses ADD COLUMN survey_version INTEGER;

-- Customer attributes (store/attribute_store.h). Per organisation at most 8
-- keys, each in its own engine slot 0..7 for good; per key at most 1000
-- distinct values, each with its own dictionary code 1..1000 (0 = no value).
CREATE TABLE attribute_keys (
  id {{pk}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  key TEXT NOT NULL,
  slot INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (org_id, key),
  UNIQUE (org_id, slot)
);

CREATE TABLE attribute_values (
  id {{pk}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  key_id BIGINT NOT NULL REFERENCES attribute_keys(id),
  value TEXT NOT NULL,
  code INTEGER NOT NULL,
  UNIQUE (key_id, value),
  UNIQUE (key_id, code)
);

-- A customer's current attributes: what the next response will carry.
CREATE TABLE customer_attributes (
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  key_id BIGINT NOT NULL REFERENCES attribute_keys(id),
  value_id BIGINT NOT NULL REFERENCES attribute_values(id),
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (customer_id, key_id)
);

-- The snapshot: the codes of the customer's attributes when the response
-- was stored, one column per slot (0 = no value). Rewritten only when
-- attributes are applied to history on request.
ALTER TABLE responses ADD COLUMN attr_0 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE responses ADD COLUMN attr_1 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE responses ADD COLUMN attr_2 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE responses ADD COLUMN attr_3 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE responses ADD COLUMN attr_4 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE responses ADD COLUMN attr_5 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE responses ADD COLUMN attr_6 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE responses ADD COLUMN attr_7 INTEGER NOT NULL DEFAULT 0;

-- The outcome of a moment (store/outcome_store.h): a built-in key (bought,
-- not_bought, cancelled, returned, renewed, churned) or the organisation's
-- own [a-z0-9_]{1,32}; the value in hundredths of the currency unit
-- (125.50 -> 12550); when the outcome happened.
ALTER TABLE interactions ADD COLUMN outcome TEXT;
ALTER TABLE interactions ADD COLUMN outcome_value_cents BIGINT;
ALTER TABLE interactions ADD COLUMN outcome_at BIGINT;
CREATE INDEX interactions_outcome ON interactions (org_id, outcome);
