-- +goose Up
-- The organisation's epoch counts the changes to what its pages show:
-- every insert, update and delete of posts and their media, comments and
-- hearts, consents, the roster and accounts, and every ended session. A
-- page kept in memory is served again only while the epoch it was made at
-- is current, on any node. Triggers bump it, so no write can forget to.
CREATE TABLE org_epochs (
    org_id BIGINT PRIMARY KEY REFERENCES organisations(id),
    epoch  BIGINT NOT NULL DEFAULT 0
);
INSERT INTO org_epochs (org_id) SELECT id FROM organisations;

-- +goose StatementBegin
CREATE FUNCTION bump_org_epoch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = OLD.org_id;
    ELSE
        UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = NEW.org_id;
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE FUNCTION organisation_epoch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO org_epochs (org_id) VALUES (NEW.id);
    ELSE
        UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = NEW.id;
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER organisations_epoch AFTER INSERT OR UPDATE ON organisations FOR EACH ROW EXECUTE FUNCTION organisation_epoch();
CREATE TRIGGER sessions_epoch AFTER DELETE ON sessions FOR EACH ROW EXECUTE FUNCTION bump_org_epoch();
CREATE TRIGGER posts_epoch AFTER INSERT OR UPDATE OR DELETE ON posts FOR EACH ROW EXECUTE FUNCTION bump_org_epoch();
CREATE TRIGGER post_children_epoch AFTER INSERT OR UPDATE OR DELETE ON post_children FOR EACH ROW EXECUTE FUNCTION bump_org_epoch();
CREATE TRIGGER post_areas_epoch AFTER INSERT OR UPDATE OR DELETE ON post_areas FOR EACH ROW EXECUTE FUNCTION bump_org_epoch();
CREATE TRIGGER media_epoch AFTER INSERT OR UPDATE OR DELETE ON media FOR EACH ROW EXECUTE FUNCTION bump_org_epoch();
CREATE TRIGGER media_files_epoch AFTER INSERT OR UPDATE OR DELETE ON media_files FOR EACH ROW EXECUTE FUNCTION bump_org_epoch();
CREATE TRIGGER comments_epoch AFTER INSERT OR UPDATE OR DELETE ON comments FOR EACH ROW EXECUTE FUNCTION bump_org_epoch();
CREATE TRIGGER hearts_epoch AFTER INSERT OR UPDATE OR DELETE ON hearts FOR EACH ROW EXECUTE FUNCTION bump_org_epoch();
CREATE TRIGGER consents_epoch AFTER INSERT OR UPDATE OR DELETE ON consents FOR EACH ROW EXECUTE FUNCTION bump_org_epoch();
CREATE TRIGGER guardianships_epoch AFTER INSERT OR UPDATE OR DELETE ON guardianships FOR EACH ROW EXECUTE FUNCTION bump_org_epoch();
CREATE TRIGGER placements_epoch AFTER INSERT OR UPDATE OR DELETE ON placements FOR EACH ROW EXECUTE FUNCTION bump_org_epoch();
CREATE TRIGGER children_epoch AFTER INSERT OR UPDATE OR DELETE ON children FOR EACH ROW EXECUTE FUNCTION bump_org_epoch();
CREATE TRIGGER users_epoch AFTER INSERT OR UPDATE OR DELETE ON users FOR EACH ROW EXECUTE FUNCTION bump_org_epoch();
CREATE TRIGGER departments_epoch AFTER INSERT OR UPDATE OR DELETE ON departments FOR EACH ROW EXECUTE FUNCTION bump_org_epoch();
CREATE TRIGGER units_epoch AFTER INSERT OR UPDATE OR DELETE ON units FOR EACH ROW EXECUTE FUNCTION bump_org_epoch();
CREATE TRIGGER staff_memberships_epoch AFTER INSERT OR UPDATE OR DELETE ON staff_memberships FOR EACH ROW EXECUTE FUNCTION bump_org_epoch();

-- +goose Down
DROP TRIGGER organisations_epoch ON organisations;
DROP TRIGGER sessions_epoch ON sessions;
DROP TRIGGER posts_epoch ON posts;
DROP TRIGGER post_children_epoch ON post_children;
DROP TRIGGER post_areas_epoch ON post_areas;
DROP TRIGGER media_epoch ON media;
DROP TRIGGER media_files_epoch ON media_files;
DROP TRIGGER comments_epoch ON comments;
DROP TRIGGER hearts_epoch ON hearts;
DROP TRIGGER consents_epoch ON consents;
DROP TRIGGER guardianships_epoch ON guardianships;
DROP TRIGGER placements_epoch ON placements;
DROP TRIGGER children_epoch ON children;
DROP TRIGGER users_epoch ON users;
DROP TRIGGER departments_epoch ON departments;
DROP TRIGGER units_epoch ON units;
DROP TRIGGER staff_memberships_epoch ON staff_memberships;
DROP FUNCTION organisation_epoch();
DROP FUNCTION bump_org_epoch();
DROP TABLE org_epochs;
