-- +goose Up
-- Photo consent answers, append-only: a change is a new row, never an update.
CREATE TABLE consents (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL,
    child_id    INTEGER NOT NULL,
    guardian_id INTEGER NOT NULL,
    level       TEXT NOT NULL CHECK (level IN ('none', 'own', 'shared')),
    given_at    TIMESTAMP NOT NULL,
    FOREIGN KEY (org_id, child_id) REFERENCES children(org_id, id),
    FOREIGN KEY (org_id, guardian_id) REFERENCES users(org_id, id)
);
CREATE INDEX consents_child ON consents(org_id, child_id, given_at);

-- +goose Down
DROP TABLE consents;
