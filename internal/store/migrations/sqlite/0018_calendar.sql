-- +goose Up
-- Calendar events of a department, or of a whole unit (exactly one of
-- department_id and unit_id). Times are wall times in zone (minutes after
-- midnight; NULL for an all-day event), so a weekly event keeps its hour
-- across summer time. A repeating event has freq, every_n (weeks or
-- months), weekdays ('0'..'6' from Sunday, comma-separated) and until_day
-- or occurrences; last_day is the day its last occurrence ends, for
-- finding the events of a span of days. sequence counts the changes.
CREATE TABLE calendar_events (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES organisations(id),
    department_id INTEGER,
    unit_id       INTEGER,
    kind          TEXT NOT NULL CHECK (kind IN ('closure', 'planning_day', 'outing', 'parents_meeting', 'other')),
    title         TEXT NOT NULL,
    description   TEXT NOT NULL DEFAULT '',
    place         TEXT NOT NULL DEFAULT '',
    all_day       BOOLEAN NOT NULL DEFAULT FALSE,
    zone          TEXT NOT NULL,
    start_day     TEXT NOT NULL,
    start_minute  INTEGER,
    end_day       TEXT NOT NULL,
    end_minute    INTEGER,
    freq          TEXT NOT NULL DEFAULT '' CHECK (freq IN ('', 'weekly', 'monthly')),
    every_n       INTEGER NOT NULL DEFAULT 0,
    weekdays      TEXT NOT NULL DEFAULT '',
    until_day     TEXT,
    occurrences   INTEGER NOT NULL DEFAULT 0,
    last_day      TEXT NOT NULL,
    sequence      INTEGER NOT NULL DEFAULT 0,
    cancelled_at  TIMESTAMP,
    created_by    INTEGER NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    UNIQUE (org_id, id),
    CHECK ((department_id IS NULL) <> (unit_id IS NULL)),
    CHECK (start_day <= end_day AND end_day <= last_day),
    FOREIGN KEY (org_id, department_id) REFERENCES departments(org_id, id),
    FOREIGN KEY (org_id, unit_id) REFERENCES units(org_id, id),
    FOREIGN KEY (org_id, created_by) REFERENCES users(org_id, id)
);
CREATE INDEX calendar_events_department ON calendar_events(org_id, department_id, last_day);
CREATE INDEX calendar_events_unit ON calendar_events(org_id, unit_id, last_day);

-- Occurrences of a series cancelled one by one, by the day they start.
CREATE TABLE calendar_cancellations (
    org_id       INTEGER NOT NULL,
    event_id     INTEGER NOT NULL,
    day          TEXT NOT NULL,
    cancelled_at TIMESTAMP NOT NULL,
    PRIMARY KEY (event_id, day),
    FOREIGN KEY (org_id, event_id) REFERENCES calendar_events(org_id, id)
);

-- A user's calendar subscription: only the SHA-256 of its secret. The
-- window counts the feed's requests for its rate limit, shared by every
-- app node.
CREATE TABLE calendar_feeds (
    org_id       INTEGER NOT NULL,
    user_id      INTEGER NOT NULL,
    secret_hash  BLOB NOT NULL UNIQUE,
    created_at   TIMESTAMP NOT NULL,
    window_start TIMESTAMP NOT NULL,
    window_count INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (org_id, user_id),
    FOREIGN KEY (org_id, user_id) REFERENCES users(org_id, id)
);

-- +goose StatementBegin
CREATE TRIGGER calendar_events_epoch_insert AFTER INSERT ON calendar_events BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = NEW.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER calendar_events_epoch_update AFTER UPDATE ON calendar_events BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = NEW.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER calendar_events_epoch_delete AFTER DELETE ON calendar_events BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = OLD.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER calendar_cancellations_epoch_insert AFTER INSERT ON calendar_cancellations BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = NEW.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER calendar_cancellations_epoch_delete AFTER DELETE ON calendar_cancellations BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = OLD.org_id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER calendar_cancellations_epoch_delete;
DROP TRIGGER calendar_cancellations_epoch_insert;
DROP TRIGGER calendar_events_epoch_delete;
DROP TRIGGER calendar_events_epoch_update;
DROP TRIGGER calendar_events_epoch_insert;
DROP TABLE calendar_feeds;
DROP TABLE calendar_cancellations;
DROP TABLE calendar_events;
