-- Text analysis per organisation (issue 7): its own themes and terms
-- (text/vocabulary.h, JSON) and a sentiment model learned from its own
-- scored comments (text/learned_sentiment.h, JSON). NULL: the built-ins only.
-- Portable SQL (SQLite 3.40 and PostgreSQL 15); times are BIGINT unix seconds.
CREATE TABLE text_settings (
  org_id BIGINT PRIMARY KEY REFERENCES orgs(id),
  vocabulary TEXT,
  learned_model TEXT,
  updated_at BIGINT NOT NULL
);
