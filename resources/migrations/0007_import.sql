-- Issue 17: importing responses from files (capture/import/) and keeping
-- history out of the loop (capture/history.h).
-- Portable SQL (SQLite 3.40 and PostgreSQL 15); times are BIGINT unix seconds.

-- One source of imported files per organisation: the same survey exported
-- again has the same header rows, so the same fingerprint (SHA-256 of the
-- format and the header rows), and imports with the mapping saved here.
-- mapping: JSON {"nps": 27, "submitted_at": 1, ...} (field -> 1-based column).
-- columns: JSON array of the column names, for people.
CREATE TABLE import_sources (
  id {{pk}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  fingerprint TEXT NOT NULL,
  format TEXT NOT NULL,
  columns TEXT NOT NULL DEFAULT '[]',
  mapping TEXT NOT NULL DEFAULT '{}',
  file_name TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (org_id, fingerprint)
);

-- Set on responses that came from a file import: history, which feeds every
-- analysis but opens no case, sends no alert and plans no invitation.
ALTER TABLE responses ADD COLUMN import_source_id BIGINT REFERENCES import_sources(id);

-- A response or interaction stored more than backdated_days after it
-- happened is history too (default 14 days; store/history_store.h).
CREATE TABLE history_settings (
  org_id BIGINT PRIMARY KEY REFERENCES orgs(id),
  backdated_days INTEGER NOT NULL DEFAULT 14,
  updated_at BIGINT NOT NULL
);
