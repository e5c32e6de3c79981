-- +goose Up
-- Photos, videos and recordings. An item is its uploader's until a post is
-- saved with it; processing is claimed by one node at a time and retried
-- with backoff. The bytes live in blob storage under keys made from the
-- ids, so the sweeper can tell an orphan from a live file.
CREATE TABLE media (
    id              INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused: blob keys are made from it
    org_id          INTEGER NOT NULL REFERENCES organisations(id),
    department_id   INTEGER NOT NULL,
    uploader_id     INTEGER NOT NULL,
    post_id         INTEGER,
    position        INTEGER NOT NULL DEFAULT 0,
    status          TEXT NOT NULL CHECK (status IN ('uploading', 'pending', 'ready', 'failed')),
    kind            TEXT NOT NULL DEFAULT '' CHECK (kind IN ('', 'image', 'video', 'audio')),
    error_code      TEXT NOT NULL DEFAULT '',
    size            INTEGER NOT NULL DEFAULT 0,
    width           INTEGER NOT NULL DEFAULT 0,
    height          INTEGER NOT NULL DEFAULT 0,
    duration_ms     INTEGER NOT NULL DEFAULT 0,
    placeholder     TEXT NOT NULL DEFAULT '',
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP,
    claimed_until   TIMESTAMP,
    created_at      TIMESTAMP NOT NULL,
    processed_at    TIMESTAMP,
    UNIQUE (org_id, id),
    FOREIGN KEY (org_id, department_id) REFERENCES departments(org_id, id),
    FOREIGN KEY (org_id, uploader_id) REFERENCES users(org_id, id),
    FOREIGN KEY (org_id, post_id) REFERENCES posts(org_id, id)
);
CREATE INDEX media_post ON media(org_id, post_id, position);
CREATE INDEX media_due ON media(next_attempt_at) WHERE status = 'pending';
CREATE INDEX media_unattached ON media(created_at) WHERE post_id IS NULL;

CREATE TABLE media_files (
    org_id       INTEGER NOT NULL,
    media_id     INTEGER NOT NULL,
    name         TEXT NOT NULL,
    blob_key     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    width        INTEGER NOT NULL DEFAULT 0,
    height       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (media_id, name),
    FOREIGN KEY (org_id, media_id) REFERENCES media(org_id, id) ON DELETE CASCADE
);

-- +goose Down
DROP TABLE media_files;
DROP TABLE media;
