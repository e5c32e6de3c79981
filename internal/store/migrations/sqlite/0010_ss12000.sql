-- +goose Up
-- Each organisation's SS 12000 connection: the endpoint, its token sealed
-- with the installation's key, the schedule and how the last pull went.
CREATE TABLE ss12000_sources (
    org_id         INTEGER PRIMARY KEY REFERENCES organisations(id),
    url            TEXT NOT NULL,
    token_sealed   BLOB NOT NULL,
    interval_hours INTEGER NOT NULL DEFAULT 0,
    next_run_at    TIMESTAMP,
    last_run_at    TIMESTAMP,
    last_ok        BOOLEAN NOT NULL DEFAULT FALSE,
    last_count   INTEGER NOT NULL DEFAULT 0,
    last_problem   TEXT NOT NULL DEFAULT '',
    last_detail    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ss12000_sources_due ON ss12000_sources(next_run_at) WHERE next_run_at IS NOT NULL;

-- +goose Down
DROP TABLE ss12000_sources;
