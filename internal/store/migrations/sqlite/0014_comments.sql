-- +goose Up
-- Comments and hearts on posts. thread_id names, on a department post,
-- the guardian whose conversation with the staff a comment belongs to.
CREATE TABLE comments (
    id         INTEGER PRIMARY KEY,
    org_id     INTEGER NOT NULL REFERENCES organisations(id),
    post_id    INTEGER NOT NULL,
    author_id  INTEGER NOT NULL,
    thread_id  INTEGER,
    body       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    hidden_at  TIMESTAMP,
    hidden_by  INTEGER,
    UNIQUE (org_id, id),
    FOREIGN KEY (org_id, post_id) REFERENCES posts(org_id, id),
    FOREIGN KEY (org_id, author_id) REFERENCES users(org_id, id)
);
CREATE INDEX comments_post ON comments(org_id, post_id, id);

CREATE TABLE hearts (
    org_id     INTEGER NOT NULL,
    post_id    INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (post_id, user_id),
    FOREIGN KEY (org_id, post_id) REFERENCES posts(org_id, id),
    FOREIGN KEY (org_id, user_id) REFERENCES users(org_id, id)
);

-- +goose Down
DROP TABLE hearts;
DROP TABLE comments;
