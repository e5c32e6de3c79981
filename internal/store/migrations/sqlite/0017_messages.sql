-- +goose Up
-- Important messages (viktiga meddelanden): staff send to a department's
-- guardians, a unit's, or chosen guardians; each recipient has a row that
-- records when they read it, acknowledged it and were last reminded.
-- department_id is the department sent to (or the one the chosen guardians
-- were picked from), NULL for a whole unit; unit_id is always set.
-- No page that is kept in memory shows these tables, so they raise no epoch.
CREATE TABLE messages (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES organisations(id),
    sender_id     INTEGER NOT NULL,
    scope         TEXT NOT NULL CHECK (scope IN ('department', 'unit', 'guardians')),
    department_id INTEGER,
    unit_id       INTEGER NOT NULL,
    title         TEXT NOT NULL,
    body          TEXT NOT NULL,
    requires_ack  BOOLEAN NOT NULL DEFAULT FALSE,
    urgent        BOOLEAN NOT NULL DEFAULT FALSE,
    sent_at       TIMESTAMP NOT NULL,
    UNIQUE (org_id, id),
    FOREIGN KEY (org_id, sender_id) REFERENCES users(org_id, id),
    FOREIGN KEY (org_id, department_id) REFERENCES departments(org_id, id),
    FOREIGN KEY (org_id, unit_id) REFERENCES units(org_id, id)
);
CREATE INDEX messages_department ON messages(org_id, department_id, sent_at);
CREATE INDEX messages_unit ON messages(org_id, unit_id, sent_at);

CREATE TABLE message_recipients (
    org_id      INTEGER NOT NULL,
    message_id  INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    read_at     TIMESTAMP,
    acked_at    TIMESTAMP,
    reminded_at TIMESTAMP,
    PRIMARY KEY (message_id, user_id),
    FOREIGN KEY (org_id, message_id) REFERENCES messages(org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, user_id) REFERENCES users(org_id, id)
);
CREATE INDEX message_recipients_user ON message_recipients(org_id, user_id, message_id);

-- A message's attachments are media items like a post's. SQLite cannot add
-- a foreign key over two columns to an existing table; the store sets
-- message_id only on items of the same organisation.
ALTER TABLE media ADD COLUMN message_id INTEGER REFERENCES messages(id);
CREATE INDEX media_message ON media(message_id, position) WHERE message_id IS NOT NULL;

-- Conversations: threads between a child's guardians and the staff of the
-- child's department. The guardians in conversation_guardians take part;
-- every current educator of the department reads and answers.
CREATE TABLE conversations (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES organisations(id),
    child_id      INTEGER NOT NULL,
    department_id INTEGER NOT NULL,
    subject       TEXT NOT NULL,
    started_by    INTEGER NOT NULL,
    started_at    TIMESTAMP NOT NULL,
    last_at       TIMESTAMP NOT NULL,
    last_by       INTEGER NOT NULL,
    UNIQUE (org_id, id),
    FOREIGN KEY (org_id, child_id) REFERENCES children(org_id, id),
    FOREIGN KEY (org_id, department_id) REFERENCES departments(org_id, id),
    FOREIGN KEY (org_id, started_by) REFERENCES users(org_id, id),
    FOREIGN KEY (org_id, last_by) REFERENCES users(org_id, id)
);
CREATE INDEX conversations_department ON conversations(org_id, department_id, last_at);

CREATE TABLE conversation_guardians (
    org_id          INTEGER NOT NULL,
    conversation_id INTEGER NOT NULL,
    user_id         INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, user_id),
    FOREIGN KEY (org_id, conversation_id) REFERENCES conversations(org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, user_id) REFERENCES users(org_id, id)
);
CREATE INDEX conversation_guardians_user ON conversation_guardians(org_id, user_id);

CREATE TABLE conversation_entries (
    id              INTEGER PRIMARY KEY,
    org_id          INTEGER NOT NULL,
    conversation_id INTEGER NOT NULL,
    author_id       INTEGER NOT NULL,
    body            TEXT NOT NULL,
    written_at      TIMESTAMP NOT NULL,
    FOREIGN KEY (org_id, conversation_id) REFERENCES conversations(org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, author_id) REFERENCES users(org_id, id)
);
CREATE INDEX conversation_entries_conversation ON conversation_entries(conversation_id, id);

-- How far each reader (guardian or staff) has read a conversation.
CREATE TABLE conversation_reads (
    org_id          INTEGER NOT NULL,
    conversation_id INTEGER NOT NULL,
    user_id         INTEGER NOT NULL,
    read_at         TIMESTAMP NOT NULL,
    PRIMARY KEY (conversation_id, user_id),
    FOREIGN KEY (org_id, conversation_id) REFERENCES conversations(org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, user_id) REFERENCES users(org_id, id)
);

-- +goose Down
DROP TABLE conversation_reads;
DROP TABLE conversation_entries;
DROP TABLE conversation_guardians;
DROP TABLE conversations;
DROP INDEX media_message;
ALTER TABLE media DROP COLUMN message_id;
DROP TABLE message_recipients;
DROP TABLE messages;
