-- Jobs belong to whoever created them: 'user:NAME' for a login, 'token:ID' for an API token.
-- Jobs from before owners existed go to the admin.
ALTER TABLE jobs ADD COLUMN owner_id TEXT NOT NULL DEFAULT 'user:admin';
UPDATE jobs SET owner = 'admin';
CREATE INDEX jobs_by_owner ON jobs(owner_id, created_at);
-- A token's role: 'user' sees its own jobs; 'admin' sees and manages every job.
ALTER TABLE api_tokens ADD COLUMN role TEXT NOT NULL DEFAULT 'user';
