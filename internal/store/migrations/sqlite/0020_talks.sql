-- +goose Up
-- Development talks (utvecklingssamtal). A round is a department's set of
-- talk times with the questions families think about beforehand.
CREATE TABLE talk_rounds (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES organisations(id),
    department_id INTEGER NOT NULL,
    title         TEXT NOT NULL,
    intro         TEXT NOT NULL DEFAULT '',
    questions     TEXT NOT NULL DEFAULT '',
    created_by    INTEGER NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    UNIQUE (org_id, id),
    FOREIGN KEY (org_id, department_id) REFERENCES departments(org_id, id),
    FOREIGN KEY (org_id, created_by) REFERENCES users(org_id, id)
);
CREATE INDEX talk_rounds_department ON talk_rounds(org_id, department_id);

-- A talk time. child_id is the booking: a time is taken by the one
-- conditional update that finds it free, and a child holds at most one
-- time of a round (the unique pair; free times have no child).
-- The summary becomes a post about the child when shared (post_id).
CREATE TABLE talk_slots (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL,
    round_id      INTEGER NOT NULL,
    department_id INTEGER NOT NULL,
    starts_at     TIMESTAMP NOT NULL,
    ends_at       TIMESTAMP NOT NULL,
    mode          TEXT NOT NULL CHECK (mode IN ('in_person', 'video')),
    place         TEXT NOT NULL DEFAULT '',
    video_url     TEXT NOT NULL DEFAULT '',
    child_id      INTEGER,
    booked_by     INTEGER,
    booked_at     TIMESTAMP,
    reminded_at   TIMESTAMP,
    summary       TEXT NOT NULL DEFAULT '',
    summary_by    INTEGER,
    summary_at    TIMESTAMP,
    post_id       INTEGER,
    created_by    INTEGER NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    UNIQUE (org_id, id),
    UNIQUE (round_id, child_id),
    CHECK (starts_at < ends_at),
    CHECK ((child_id IS NULL) = (booked_by IS NULL)),
    FOREIGN KEY (org_id, round_id) REFERENCES talk_rounds(org_id, id),
    FOREIGN KEY (org_id, department_id) REFERENCES departments(org_id, id),
    FOREIGN KEY (org_id, child_id) REFERENCES children(org_id, id),
    FOREIGN KEY (org_id, booked_by) REFERENCES users(org_id, id),
    FOREIGN KEY (org_id, post_id) REFERENCES posts(org_id, id)
);
CREATE INDEX talk_slots_round ON talk_slots(org_id, round_id, starts_at);
CREATE INDEX talk_slots_child ON talk_slots(org_id, child_id);
-- The reminder pass looks only at booked times not yet reminded of.
CREATE INDEX talk_slots_unreminded ON talk_slots(starts_at) WHERE child_id IS NOT NULL AND reminded_at IS NULL;

-- A family's answers to a round's questions, kept per child so that
-- moving the booking to another time keeps them.
CREATE TABLE talk_answers (
    org_id      INTEGER NOT NULL,
    round_id    INTEGER NOT NULL,
    child_id    INTEGER NOT NULL,
    answers     TEXT NOT NULL,
    answered_by INTEGER NOT NULL,
    answered_at TIMESTAMP NOT NULL,
    PRIMARY KEY (round_id, child_id),
    FOREIGN KEY (org_id, round_id) REFERENCES talk_rounds(org_id, id),
    FOREIGN KEY (org_id, child_id) REFERENCES children(org_id, id),
    FOREIGN KEY (org_id, answered_by) REFERENCES users(org_id, id)
);

-- +goose Down
DROP TABLE talk_answers;
DROP TABLE talk_slots;
DROP TABLE talk_rounds;
