-- 0001_users: accounts, profiles, sessions, sign-in throttling.
--
-- Design notes
-- 1. `users` is the root of the user aggregate (profile, preferences, watchlist, dismissed insights,
--    UI state, wallets). Every write to the aggregate bumps `users.version` in the same transaction with
--    `WHERE id = @id AND version = @expected`; zero rows means another silo wrote first.
-- 2. Emails are stored lower-cased; usernames keep their case and are unique case-insensitively.
--    Usernames are ASCII only, so lower() means the same thing in both dialects.
-- 3. `sessions` holds SHA-256(token) only. Sessions are outside the versioned aggregate: signing in on
--    one device must never conflict with an edit made on another.
-- 4. `login_throttle` counts failed sign-ins per account and per client address so every silo
--    enforces the same limit.
-- 5. Money is numeric, times are timestamptz, ids are uuid (v7, time-ordered).

CREATE TABLE users (
    id uuid PRIMARY KEY,
    email text,
    username text NOT NULL,
    password_hash text,
    role text NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin')),
    version bigint NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX users_email_key ON users (email) WHERE email IS NOT NULL;
CREATE UNIQUE INDEX users_username_key ON users (lower(username));

CREATE TABLE user_profiles (
    user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    display_name text,
    avatar_url text,
    updated_at timestamptz NOT NULL
);

CREATE TABLE sessions (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash bytea NOT NULL UNIQUE,
    auth_method text NOT NULL CHECK (auth_method IN ('password', 'wallet')),
    created_at timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz,
    user_agent text,
    client_address text
);
CREATE INDEX sessions_user_idx ON sessions (user_id, created_at);

CREATE TABLE login_throttle (
    scope_key text PRIMARY KEY,
    failures integer NOT NULL,
    window_started_at timestamptz NOT NULL,
    blocked_until timestamptz
);
