-- +goose Up
-- The organisation's epoch counts the changes to what its pages show:
-- every insert, update and delete of posts and their media, comments and
-- hearts, consents, the roster and accounts, and every ended session. A
-- page kept in memory is served again only while the epoch it was made at
-- is current, on any node. Triggers bump it, so no write can forget to.
CREATE TABLE org_epochs (
    org_id INTEGER PRIMARY KEY REFERENCES organisations(id),
    epoch  INTEGER NOT NULL DEFAULT 0
);
INSERT INTO org_epochs (org_id) SELECT id FROM organisations;

-- +goose StatementBegin
CREATE TRIGGER organisations_epoch_insert AFTER INSERT ON organisations BEGIN
    INSERT INTO org_epochs (org_id) VALUES (NEW.id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER organisations_epoch_update AFTER UPDATE ON organisations BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = NEW.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER sessions_epoch_delete AFTER DELETE ON sessions BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = OLD.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER posts_epoch_insert AFTER INSERT ON posts BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = NEW.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER posts_epoch_update AFTER UPDATE ON posts BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = NEW.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER posts_epoch_delete AFTER DELETE ON posts BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = OLD.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER post_children_epoch_insert AFTER INSERT ON post_children BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = NEW.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER post_children_epoch_update AFTER UPDATE ON post_children BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = NEW.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER post_children_epoch_delete AFTER DELETE ON post_children BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = OLD.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER post_areas_epoch_insert AFTER INSERT ON post_areas BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = NEW.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER post_areas_epoch_update AFTER UPDATE ON post_areas BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = NEW.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER post_areas_epoch_delete AFTER DELETE ON post_areas BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = OLD.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER media_epoch_insert AFTER INSERT ON media BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = NEW.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER media_epoch_update AFTER UPDATE ON media BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = NEW.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER media_epoch_delete AFTER DELETE ON media BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = OLD.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER media_files_epoch_insert AFTER INSERT ON media_files BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = NEW.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER media_files_epoch_update AFTER UPDATE ON media_files BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = NEW.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER media_files_epoch_delete AFTER DELETE ON media_files BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = OLD.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER comments_epoch_insert AFTER INSERT ON comments BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = NEW.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER comments_epoch_update AFTER UPDATE ON comments BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = NEW.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER comments_epoch_delete AFTER DELETE ON comments BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = OLD.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER hearts_epoch_insert AFTER INSERT ON hearts BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = NEW.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER hearts_epoch_update AFTER UPDATE ON hearts BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = NEW.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER hearts_epoch_delete AFTER DELETE ON hearts BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = OLD.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER consents_epoch_insert AFTER INSERT ON consents BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = NEW.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER consents_epoch_update AFTER UPDATE ON consents BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = NEW.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER consents_epoch_delete AFTER DELETE ON consents BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = OLD.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER guardianships_epoch_insert AFTER INSERT ON guardianships BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = NEW.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER guardianships_epoch_update AFTER UPDATE ON guardianships BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = NEW.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER guardianships_epoch_delete AFTER DELETE ON guardianships BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = OLD.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER placements_epoch_insert AFTER INSERT ON placements BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = NEW.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER placements_epoch_update AFTER UPDATE ON placements BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = NEW.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER placements_epoch_delete AFTER DELETE ON placements BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = OLD.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER children_epoch_insert AFTER INSERT ON children BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = NEW.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER children_epoch_update AFTER UPDATE ON children BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = NEW.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER children_epoch_delete AFTER DELETE ON children BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = OLD.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER users_epoch_insert AFTER INSERT ON users BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = NEW.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER users_epoch_update AFTER UPDATE ON users BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = NEW.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER users_epoch_delete AFTER DELETE ON users BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = OLD.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER departments_epoch_insert AFTER INSERT ON departments BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = NEW.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER departments_epoch_update AFTER UPDATE ON departments BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = NEW.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER departments_epoch_delete AFTER DELETE ON departments BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = OLD.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER units_epoch_insert AFTER INSERT ON units BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = NEW.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER units_epoch_update AFTER UPDATE ON units BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = NEW.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER units_epoch_delete AFTER DELETE ON units BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = OLD.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER staff_memberships_epoch_insert AFTER INSERT ON staff_memberships BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = NEW.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER staff_memberships_epoch_update AFTER UPDATE ON staff_memberships BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = NEW.org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER staff_memberships_epoch_delete AFTER DELETE ON staff_memberships BEGIN
    UPDATE org_epochs SET epoch = epoch + 1 WHERE org_id = OLD.org_id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER organisations_epoch_insert;
DROP TRIGGER organisations_epoch_update;
DROP TRIGGER sessions_epoch_delete;
DROP TRIGGER posts_epoch_insert;
DROP TRIGGER posts_epoch_update;
DROP TRIGGER posts_epoch_delete;
DROP TRIGGER post_children_epoch_insert;
DROP TRIGGER post_children_epoch_update;
DROP TRIGGER post_children_epoch_delete;
DROP TRIGGER post_areas_epoch_insert;
DROP TRIGGER post_areas_epoch_update;
DROP TRIGGER post_areas_epoch_delete;
DROP TRIGGER media_epoch_insert;
DROP TRIGGER media_epoch_update;
DROP TRIGGER media_epoch_delete;
DROP TRIGGER media_files_epoch_insert;
DROP TRIGGER media_files_epoch_update;
DROP TRIGGER media_files_epoch_delete;
DROP TRIGGER comments_epoch_insert;
DROP TRIGGER comments_epoch_update;
DROP TRIGGER comments_epoch_delete;
DROP TRIGGER hearts_epoch_insert;
DROP TRIGGER hearts_epoch_update;
DROP TRIGGER hearts_epoch_delete;
DROP TRIGGER consents_epoch_insert;
DROP TRIGGER consents_epoch_update;
DROP TRIGGER consents_epoch_delete;
DROP TRIGGER guardianships_epoch_insert;
DROP TRIGGER guardianships_epoch_update;
DROP TRIGGER guardianships_epoch_delete;
DROP TRIGGER placements_epoch_insert;
DROP TRIGGER placements_epoch_update;
DROP TRIGGER placements_epoch_delete;
DROP TRIGGER children_epoch_insert;
DROP TRIGGER children_epoch_update;
DROP TRIGGER children_epoch_delete;
DROP TRIGGER users_epoch_insert;
DROP TRIGGER users_epoch_update;
DROP TRIGGER users_epoch_delete;
DROP TRIGGER departments_epoch_insert;
DROP TRIGGER departments_epoch_update;
DROP TRIGGER departments_epoch_delete;
DROP TRIGGER units_epoch_insert;
DROP TRIGGER units_epoch_update;
DROP TRIGGER units_epoch_delete;
DROP TRIGGER staff_memberships_epoch_insert;
DROP TRIGGER staff_memberships_epoch_update;
DROP TRIGGER staff_memberships_epoch_delete;
DROP TABLE org_epochs;
