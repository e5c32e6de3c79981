-- +goose Up
-- Whether the login that made a session passed a second factor. When an
-- organisation starts requiring one, the staff sessions without it end.
-- Sessions from before this column count as without.
ALTER TABLE sessions ADD COLUMN second_factor BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE sessions DROP COLUMN second_factor;
