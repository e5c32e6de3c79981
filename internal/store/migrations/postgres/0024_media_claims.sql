-- +goose Up
-- A media item's claim names the node that holds it (claimed_by), so a
-- node that restarts takes back at once what it was working on when it
-- stopped, and never another node's. The claim is short and renewed while
-- the node works; renewing or releasing it changes nothing a page shows,
-- so the epoch trigger on media now fires on update for every column but
-- the claim's two. A column added to media later belongs in its list.
ALTER TABLE media ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';
DROP TRIGGER media_epoch ON media;
CREATE TRIGGER media_epoch AFTER INSERT OR DELETE ON media FOR EACH ROW EXECUTE FUNCTION bump_org_epoch();
CREATE TRIGGER media_epoch_update AFTER UPDATE OF id, org_id, department_id, uploader_id, post_id, message_id, position, status, kind,
    error_code, size, width, height, duration_ms, placeholder, attempts, next_attempt_at, created_at, processed_at
    ON media FOR EACH ROW EXECUTE FUNCTION bump_org_epoch();

-- +goose Down
DROP TRIGGER media_epoch_update ON media;
DROP TRIGGER media_epoch ON media;
CREATE TRIGGER media_epoch AFTER INSERT OR UPDATE OR DELETE ON media FOR EACH ROW EXECUTE FUNCTION bump_org_epoch();
ALTER TABLE media DROP COLUMN claimed_by;
