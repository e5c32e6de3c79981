-- +goose Up
CREATE TABLE totp_secrets (
    org_id     INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    sealed     BLOB NOT NULL,
    confirmed  INTEGER NOT NULL DEFAULT 0,
    last_step  INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (org_id, user_id),
    FOREIGN KEY (org_id, user_id) REFERENCES users(org_id, id)
);

-- One-time recovery codes, stored as hashes.
CREATE TABLE recovery_codes (
    id        INTEGER PRIMARY KEY,
    org_id    INTEGER NOT NULL,
    user_id   INTEGER NOT NULL,
    code_hash BLOB NOT NULL,
    used_at   TIMESTAMP,
    FOREIGN KEY (org_id, user_id) REFERENCES users(org_id, id)
);
CREATE INDEX recovery_codes_user ON recovery_codes(org_id, user_id);

-- +goose Down
DROP TABLE recovery_codes;
DROP TABLE totp_secrets;
