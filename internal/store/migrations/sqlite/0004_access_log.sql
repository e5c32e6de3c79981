-- +goose Up
-- Who read or changed which child's data. Append-only: the store offers no
-- update or delete, and neither does any other code.
CREATE TABLE access_log (
    id         INTEGER PRIMARY KEY,
    org_id     INTEGER NOT NULL REFERENCES organisations(id),
    at         TIMESTAMP NOT NULL,
    user_id    INTEGER NOT NULL,
    child_id   INTEGER NOT NULL,
    action     TEXT NOT NULL,
    request_id TEXT NOT NULL
);
CREATE INDEX access_log_child ON access_log(org_id, child_id, id);
CREATE INDEX access_log_org ON access_log(org_id, id);

-- +goose Down
DROP TABLE access_log;
