-- Issue 8 (trust): retention policies per organisation. Personal data of a
-- customer whose last activity (response, interaction, or creation) is older
-- than `months` is anonymised by the daily retention job.
CREATE TABLE retention_policies (
  org_id BIGINT PRIMARY KEY REFERENCES orgs(id),
  months INTEGER NOT NULL,
  updated_at BIGINT NOT NULL,
  updated_by TEXT NOT NULL
);
