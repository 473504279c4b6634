-- 0002_user_settings: what the apps kept in localStorage (seeds 000 and 004), now rows.
--
-- Design notes
-- 1. Every table here belongs to the user aggregate: writes bump users.version (see 0001).
-- 2. user_preferences: one row per user; a NULL column means "never set" (the API answers the default).
--    That distinction is what lets the localStorage import fill gaps without overwriting server data.
--    Trading modes and auxiliary modes are one boolean column per mode, not a list blob.
-- 3. user_ui_state: opaque JSON per (user, key), stored as text exactly as sent (<= 16 KiB, <= 100 keys,
--    enforced by the grain). It is never queried into, so jsonb would only re-serialize it.
-- 4. user_watchlists: symbols are normalized to upper case before they reach the table.
-- 5. user_notifications are appended by other parts of the system, so they are outside the version
--    check; ids are uuid v7, so (user_id, id) is also creation order.

CREATE TABLE user_preferences (
    user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    timeframe text,
    speed text,
    sfx boolean,
    signals boolean,
    language text,
    theme text,
    data_source text,
    universe text,
    market_region text,
    risk_profile text,
    mode_intraday boolean,
    mode_swing boolean,
    mode_options boolean,
    mode_futures boolean,
    primary_mode text,
    aux_intraday boolean,
    aux_swing boolean,
    aux_options boolean,
    aux_futures boolean,
    disclosure_accepted_at timestamptz,
    updated_at timestamptz NOT NULL
);

CREATE TABLE user_ui_state (
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key text NOT NULL,
    value text NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (user_id, key)
);

CREATE TABLE user_watchlists (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    symbol text NOT NULL,
    exchange text,
    notes text,
    added_at timestamptz NOT NULL,
    UNIQUE (user_id, symbol)
);

CREATE TABLE user_dismissed_insights (
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    insight_id text NOT NULL,
    dismissed_at timestamptz NOT NULL,
    PRIMARY KEY (user_id, insight_id)
);

CREATE TABLE user_notifications (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind text NOT NULL,
    title text NOT NULL,
    body text,
    link text,
    created_at timestamptz NOT NULL,
    read_at timestamptz
);
CREATE INDEX user_notifications_user_idx ON user_notifications (user_id, id);
CREATE INDEX user_notifications_unread_idx ON user_notifications (user_id, id) WHERE read_at IS NULL;
