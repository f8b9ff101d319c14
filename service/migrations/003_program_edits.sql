-- Edits of a programme's rules (PUT /v1/programs/:pid) are commands of the log too: a `program`
-- command holds the new rules, and everything before it replays under them.
ALTER TABLE commands DROP CONSTRAINT commands_kind_check;
ALTER TABLE commands ADD CONSTRAINT commands_kind_check CHECK (kind IN ('batch', 'advance', 'program'));
