-- +goose Up
CREATE TABLE sessions (
    token_hash   BLOB PRIMARY KEY,
    org_id       INTEGER NOT NULL,
    user_id      INTEGER NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL,
    FOREIGN KEY (org_id, user_id) REFERENCES users(org_id, id)
);
CREATE INDEX sessions_user ON sessions(org_id, user_id);

-- Failed logins per key ("account:<email>" or "address:<ip>"). Login happens
-- before an organisation is known, so these rows carry no organisation.
CREATE TABLE login_failures (
    id        INTEGER PRIMARY KEY,
    key       TEXT NOT NULL,
    failed_at TIMESTAMP NOT NULL
);
CREATE INDEX login_failures_key ON login_failures(key, failed_at);

-- Installation-wide keys, shared by every app node.
CREATE TABLE secrets (
    name  TEXT PRIMARY KEY,
    value BLOB NOT NULL
);

-- +goose Down
DROP TABLE secrets;
DROP TABLE login_failures;
DROP TABLE sessions;
