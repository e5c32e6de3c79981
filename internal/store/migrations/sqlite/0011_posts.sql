-- +goose Up
-- Documentation: posts about the department's work or about tagged
-- children, with curriculum areas and an optional reflection.
CREATE TABLE posts (
    id                    INTEGER PRIMARY KEY,
    org_id                INTEGER NOT NULL REFERENCES organisations(id),
    department_id         INTEGER NOT NULL,
    author_id             INTEGER NOT NULL,
    audience              TEXT NOT NULL CHECK (audience IN ('department', 'children')),
    status                TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    body                  TEXT NOT NULL,
    reflection            TEXT NOT NULL DEFAULT '',
    reflection_visibility TEXT NOT NULL DEFAULT 'staff' CHECK (reflection_visibility IN ('staff', 'guardians')),
    created_at            TIMESTAMP NOT NULL,
    published_at          TIMESTAMP,
    published_on          DATE,
    edited_at             TIMESTAMP,
    UNIQUE (org_id, id),
    FOREIGN KEY (org_id, department_id) REFERENCES departments(org_id, id),
    FOREIGN KEY (org_id, author_id) REFERENCES users(org_id, id)
);
-- The department feed and the guardian's feed read newest first.
CREATE INDEX posts_feed ON posts(org_id, department_id, published_at, id) WHERE status = 'published';
CREATE INDEX posts_drafts ON posts(org_id, author_id) WHERE status = 'draft';

CREATE TABLE post_children (
    org_id   INTEGER NOT NULL,
    post_id  INTEGER NOT NULL,
    child_id INTEGER NOT NULL,
    PRIMARY KEY (post_id, child_id),
    FOREIGN KEY (org_id, post_id) REFERENCES posts(org_id, id),
    FOREIGN KEY (org_id, child_id) REFERENCES children(org_id, id)
);
CREATE INDEX post_children_child ON post_children(org_id, child_id, post_id);

CREATE TABLE post_areas (
    org_id  INTEGER NOT NULL,
    post_id INTEGER NOT NULL,
    area    TEXT NOT NULL,
    PRIMARY KEY (post_id, area),
    FOREIGN KEY (org_id, post_id) REFERENCES posts(org_id, id)
);

-- +goose Down
DROP TABLE post_areas;
DROP TABLE post_children;
DROP TABLE posts;
