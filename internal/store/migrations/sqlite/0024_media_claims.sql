-- +goose Up
-- A media item's claim names the node that holds it (claimed_by), so a
-- node that restarts takes back at once what it was working on when it
-- stopped, and never another node's. The claim is short and renewed while
-- the node works; renewing or releasing it changes nothing a page shows,
-- so the epoch trigger on media now fires for every column but the claim's
-- two. A column added to media later belongs in its list.
ALTER TABLE media ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';
DROP TRIGGER media_epoch_update;
-- +goose StatementBegin
CREATE TRIGGER media_epoch_update AFTER UPDATE OF id, org_id, department_id, uploader_id, post_id, message_id, position, status, kind,
    error_code, size, width, height, duration_ms, placeholder, attempts, next_attempt_at, created_at, processed_at ON media BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = NEW.org_id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER media_epoch_update;
-- +goose StatementBegin
CREATE TRIGGER media_epoch_update AFTER UPDATE ON media BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = NEW.org_id;
END;
-- +goose StatementEnd
ALTER TABLE media DROP COLUMN claimed_by;
