-- +goose Up
-- Recovery codes are stored keyed (HMAC-SHA-256 under an installation
-- secret). Rows written before were plain SHA-256 hashes: they start
-- unkeyed, and the server keys them in place at start
-- (Store.KeyRecoveryCodes), so the codes users hold keep working.
ALTER TABLE recovery_codes ADD COLUMN keyed INTEGER NOT NULL DEFAULT 0;

-- +goose Down
-- Rows keyed by then stay keyed: the older code cannot match them, and
-- their users need their second factor reset.
ALTER TABLE recovery_codes DROP COLUMN keyed;
