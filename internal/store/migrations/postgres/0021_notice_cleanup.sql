-- +goose Up
-- Finished deliveries and notices are removed a month after they are done
-- (notify.Kept). These indexes let the worker find them without reading
-- the tables, and let removing a notice check its deliveries (the foreign
-- key) by index.
CREATE INDEX notice_deliveries_done ON notice_deliveries(done_at) WHERE status <> 'pending';
CREATE INDEX notice_deliveries_notice ON notice_deliveries(org_id, notice_id);
CREATE INDEX notices_created ON notices(created_at);

-- +goose Down
DROP INDEX notices_created;
DROP INDEX notice_deliveries_notice;
DROP INDEX notice_deliveries_done;
