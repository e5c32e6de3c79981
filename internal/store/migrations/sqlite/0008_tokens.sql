-- +goose Up
-- Secrets of emailed links (invitations, password resets), as hashes.
CREATE TABLE tokens (
    id         INTEGER PRIMARY KEY,
    org_id     INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    purpose    TEXT NOT NULL CHECK (purpose IN ('invite', 'reset')),
    token_hash BLOB NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at    TIMESTAMP,
    revoked_at TIMESTAMP,
    FOREIGN KEY (org_id, user_id) REFERENCES users(org_id, id)
);
CREATE INDEX tokens_user ON tokens(org_id, user_id, purpose, id);

-- +goose Down
DROP TABLE tokens;
