-- +goose Up
-- The municipality's own ids for children and people, so a re-import
-- updates what an earlier import created instead of duplicating it.
ALTER TABLE children ADD COLUMN external_id TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN external_id TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX children_external ON children(org_id, external_id) WHERE external_id <> '';
CREATE UNIQUE INDEX users_external ON users(org_id, external_id) WHERE external_id <> '';

-- +goose Down
DROP INDEX users_external;
DROP INDEX children_external;
ALTER TABLE users DROP COLUMN external_id;
ALTER TABLE children DROP COLUMN external_id;
