-- +goose Up
-- When each user last opened their feed: newer posts are marked unread.
ALTER TABLE users ADD COLUMN feed_seen_at TIMESTAMPTZ;

-- +goose Down
ALTER TABLE users DROP COLUMN feed_seen_at;
