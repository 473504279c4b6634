-- 0002_user_settings: what the apps kept in localStorage (seeds 000 and 004), now rows.
--
-- Design notes
-- 1. Every table here belongs to the user aggregate: writes bump users.version (see 0001).
-- 2. user_preferences: one row per user; a NULL column means "never set" (the API answers the default).
--    That distinction is what lets the localStorage import fill gaps without overwriting server data.
--    Trading modes and auxiliary modes are one 0/1 column per mode, not a list blob.
-- 3. user_ui_state: opaque JSON per (user, key), stored as text exactly as sent (<= 16 KiB, <= 100 keys,
--    enforced by the grain). It is never queried into, so it stays text (as on PostgreSQL, where jsonb would only re-serialize it).
-- 4. user_watchlists: symbols are normalized to upper case before they reach the table.
-- 5. user_notifications are appended by other parts of the system, so they are outside the version
--    check; ids are text v7, so (user_id, id) is also creation order.

CREATE TABLE user_preferences (
    user_id text PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    timeframe text,
    speed text,
    sfx integer,
    signals integer,
    language text,
    theme text,
    data_source text,
    universe text,
    market_region text,
    risk_profile text,
    mode_intraday integer,
    mode_swing integer,
    mode_options integer,
    mode_futures integer,
    primary_mode text,
    aux_intraday integer,
    aux_swing integer,
    aux_options integer,
    aux_futures integer,
    disclosure_accepted_at text,
    updated_at text NOT NULL
);

CREATE TABLE user_ui_state (
    user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key text NOT NULL,
    value text NOT NULL,
    updated_at text NOT NULL,
    PRIMARY KEY (user_id, key)
);

CREATE TABLE user_watchlists (
    id text PRIMARY KEY,
    user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    symbol text NOT NULL,
    exchange text,
    notes text,
    added_at text NOT NULL,
    UNIQUE (user_id, symbol)
);

CREATE TABLE user_dismissed_insights (
    user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    insight_id text NOT NULL,
    dismissed_at text NOT NULL,
    PRIMARY KEY (user_id, insight_id)
);

CREATE TABLE user_notifications (
    id text PRIMARY KEY,
    user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind text NOT NULL,
    title text NOT NULL,
    body text,
    link text,
    created_at text NOT NULL,
    read_at text
);
CREATE INDEX user_notifications_user_idx ON user_notifications (user_id, id);
CREATE INDEX user_notifications_unread_idx ON user_notifications (user_id, id) WHERE read_at IS NULL;
