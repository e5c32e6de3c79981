-- +goose Up
-- Every change to the organisation's data, written in the same transaction
-- as the change. Append-only.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES organisations(id),
    at          TIMESTAMP NOT NULL,
    user_id     INTEGER NOT NULL,
    action      TEXT NOT NULL,
    target_kind TEXT NOT NULL,
    target_id   INTEGER NOT NULL,
    request_id  TEXT NOT NULL
);
CREATE INDEX audit_log_org ON audit_log(org_id, id);

-- +goose Down
DROP TABLE audit_log;
