-- +goose Up
-- Notices: what happened (a new post about a child, a message, a calendar
-- change) told to the people concerned, by push, email or a daily digest,
-- as each of them chooses, outside their quiet hours.

-- notice_prefs holds a user's channel per category where it differs from
-- the default (pluttra.DefaultChannel).
CREATE TABLE notice_prefs (
    org_id   INTEGER NOT NULL REFERENCES organisations(id),
    user_id  INTEGER NOT NULL,
    category TEXT NOT NULL CHECK (category IN ('post_child', 'post_department', 'important', 'message', 'calendar', 'talk')),
    channel  TEXT NOT NULL CHECK (channel IN ('push', 'email', 'digest', 'off')),
    PRIMARY KEY (org_id, user_id, category),
    FOREIGN KEY (org_id, user_id) REFERENCES users(org_id, id)
);

-- notice_settings: quiet hours and the digest's hour, minutes after
-- midnight in Europe/Stockholm. No row means the defaults.
CREATE TABLE notice_settings (
    org_id     INTEGER NOT NULL REFERENCES organisations(id),
    user_id    INTEGER NOT NULL,
    quiet      BOOLEAN NOT NULL,
    quiet_from INTEGER NOT NULL CHECK (quiet_from >= 0 AND quiet_from < 1440),
    quiet_to   INTEGER NOT NULL CHECK (quiet_to >= 0 AND quiet_to < 1440),
    digest_at  INTEGER NOT NULL CHECK (digest_at >= 0 AND digest_at < 1440),
    PRIMARY KEY (org_id, user_id),
    FOREIGN KEY (org_id, user_id) REFERENCES users(org_id, id)
);

-- push_subscriptions: one per browser (device) a user turned push on in.
-- The endpoint is the push service's URL for that browser; p256dh and
-- auth are its keys (RFC 8291), base64url as the browser gives them.
CREATE TABLE push_subscriptions (
    id         INTEGER PRIMARY KEY,
    org_id     INTEGER NOT NULL REFERENCES organisations(id),
    user_id    INTEGER NOT NULL,
    endpoint   TEXT NOT NULL UNIQUE,
    p256dh     TEXT NOT NULL,
    auth       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    FOREIGN KEY (org_id, user_id) REFERENCES users(org_id, id)
);
CREATE INDEX push_subscriptions_user ON push_subscriptions(org_id, user_id);

-- notices: what happened, once; its texts are i18n keys (key.title,
-- key.body) with arguments, rendered in each recipient's language.
CREATE TABLE notices (
    id         INTEGER PRIMARY KEY,
    org_id     INTEGER NOT NULL REFERENCES organisations(id),
    category   TEXT NOT NULL CHECK (category IN ('post_child', 'post_department', 'important', 'message', 'calendar', 'talk')),
    msg_key    TEXT NOT NULL,
    args       TEXT NOT NULL DEFAULT '{}',
    link       TEXT NOT NULL,
    urgent     BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (org_id, id)
);

-- notice_deliveries: one per recipient, the job the worker claims. The
-- channel and due time are decided when the notice is written (the
-- recipient's choice, their quiet hours, the digest's hour); push falls
-- back to email when the user has no working subscription.
CREATE TABLE notice_deliveries (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES organisations(id),
    notice_id     INTEGER NOT NULL,
    user_id       INTEGER NOT NULL,
    channel       TEXT NOT NULL CHECK (channel IN ('push', 'email', 'digest')),
    status        TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'skipped')),
    due_at        TIMESTAMP NOT NULL,
    attempts      INTEGER NOT NULL DEFAULT 0,
    claimed_until TIMESTAMP,
    claim         TEXT NOT NULL DEFAULT '',
    sent_via      TEXT NOT NULL DEFAULT '',
    done_at       TIMESTAMP,
    last_error    TEXT NOT NULL DEFAULT '',
    FOREIGN KEY (org_id, notice_id) REFERENCES notices(org_id, id),
    FOREIGN KEY (org_id, user_id) REFERENCES users(org_id, id)
);
CREATE INDEX notice_deliveries_due ON notice_deliveries(due_at) WHERE status = 'pending';
CREATE INDEX notice_deliveries_user ON notice_deliveries(org_id, user_id, status);
CREATE INDEX notice_deliveries_claim ON notice_deliveries(claim) WHERE claim <> '';

-- +goose StatementBegin
CREATE TRIGGER notice_prefs_epoch_insert AFTER INSERT ON notice_prefs BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = NEW.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER notice_prefs_epoch_update AFTER UPDATE ON notice_prefs BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = NEW.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER notice_prefs_epoch_delete AFTER DELETE ON notice_prefs BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = OLD.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER notice_settings_epoch_insert AFTER INSERT ON notice_settings BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = NEW.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER notice_settings_epoch_update AFTER UPDATE ON notice_settings BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = NEW.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER notice_settings_epoch_delete AFTER DELETE ON notice_settings BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = OLD.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER push_subscriptions_epoch_insert AFTER INSERT ON push_subscriptions BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = NEW.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER push_subscriptions_epoch_update AFTER UPDATE ON push_subscriptions BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = NEW.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER push_subscriptions_epoch_delete AFTER DELETE ON push_subscriptions BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = OLD.org_id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER push_subscriptions_epoch_delete;
DROP TRIGGER push_subscriptions_epoch_update;
DROP TRIGGER push_subscriptions_epoch_insert;
DROP TRIGGER notice_settings_epoch_delete;
DROP TRIGGER notice_settings_epoch_update;
DROP TRIGGER notice_settings_epoch_insert;
DROP TRIGGER notice_prefs_epoch_delete;
DROP TRIGGER notice_prefs_epoch_update;
DROP TRIGGER notice_prefs_epoch_insert;
DROP TABLE notice_deliveries;
DROP TABLE notices;
DROP TABLE push_subscriptions;
DROP TABLE notice_settings;
DROP TABLE notice_prefs;
