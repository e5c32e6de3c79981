-- +goose Up
-- Absence reports: a guardian (or staff, on the phone) reports a child
-- absent or sick for one or more days. late says the report came after
-- the organisation's morning hour on its first day.
CREATE TABLE absences (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES organisations(id),
    child_id    INTEGER NOT NULL,
    reported_by INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('absent', 'sick')),
    from_date   TEXT NOT NULL,
    to_date     TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    reported_at TIMESTAMP NOT NULL,
    late        BOOLEAN NOT NULL DEFAULT FALSE,
    CHECK (from_date <= to_date),
    FOREIGN KEY (org_id, child_id) REFERENCES children(org_id, id),
    FOREIGN KEY (org_id, reported_by) REFERENCES users(org_id, id)
);
CREATE INDEX absences_child ON absences(org_id, child_id, to_date);
CREATE INDEX absences_day ON absences(org_id, to_date, from_date);

-- Minutes after midnight (Europe/Stockholm) after which a report for the
-- same day is late; 08:00 unless the organisation says otherwise.
ALTER TABLE organisations ADD COLUMN absence_late_after INTEGER NOT NULL DEFAULT 480;

-- +goose StatementBegin
CREATE TRIGGER absences_epoch_insert AFTER INSERT ON absences BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = NEW.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER absences_epoch_update AFTER UPDATE ON absences BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = NEW.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER absences_epoch_delete AFTER DELETE ON absences BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = OLD.org_id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER absences_epoch_delete;
DROP TRIGGER absences_epoch_update;
DROP TRIGGER absences_epoch_insert;
ALTER TABLE organisations DROP COLUMN absence_late_after;
DROP TABLE absences;
