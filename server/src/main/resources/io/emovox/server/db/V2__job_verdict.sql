-- Whether a finished job's emotion may be read (speech / not_speech, from the core's
-- SpeechVerdict) and its warning codes, comma-separated. NULL for jobs finished before this
-- migration: their verdict was never stored, and the job JSON shows it as unknown (null).
ALTER TABLE jobs ADD COLUMN verdict TEXT;
ALTER TABLE jobs ADD COLUMN verdict_reason TEXT;
ALTER TABLE jobs ADD COLUMN warnings TEXT;
