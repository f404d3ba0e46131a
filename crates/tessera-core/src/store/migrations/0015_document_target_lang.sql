-- A document is translated from its source language into one target language: English for a
-- Chinese document (every document before this migration), Chinese in the script the
-- translator chose for an English one.
ALTER TABLE document ADD COLUMN target_lang TEXT NOT NULL DEFAULT 'en';
