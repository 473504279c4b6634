-- 0001_users: accounts, profiles, sessions, sign-in throttling.
--
-- Design notes
-- 1. `users` is the root of the user aggregate (profile, preferences, watchlist, dismissed insights,
--    UI state, wallets). Every write to the aggregate bumps `users.version` in the same transaction with
--    `WHERE id = @id AND version = @expected`; zero rows means another silo wrote first.
-- 2. Emails are stored lower-cased; usernames keep their case and are unique case-insensitively.
--    Usernames are ASCII only, so lower() means the same thing in both dialects.
-- 3. `sessions` holds SHA-256(token) only (a blob). Sessions are outside the versioned aggregate: signing in on
--    one device must never conflict with an edit made on another.
-- 4. `login_throttle` counts failed sign-ins per account and per client address so every silo
--    enforces the same limit.
-- 5. SQLite has no decimal, timestamp, uuid or boolean types: money is TEXT (exact decimal strings, never
--    REAL), times are TEXT in fixed-width UTC ISO-8601 with microseconds (so they sort), ids are TEXT
--    uuid v7, booleans are 0/1 integers.

CREATE TABLE users (
    id text PRIMARY KEY,
    email text,
    username text NOT NULL,
    password_hash text,
    role text NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin')),
    version integer NOT NULL DEFAULT 1,
    created_at text NOT NULL,
    updated_at text NOT NULL
);
CREATE UNIQUE INDEX users_email_key ON users (email) WHERE email IS NOT NULL;
CREATE UNIQUE INDEX users_username_key ON users (lower(username));

CREATE TABLE user_profiles (
    user_id text PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    display_name text,
    avatar_url text,
    updated_at text NOT NULL
);

CREATE TABLE sessions (
    id text PRIMARY KEY,
    user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash blob NOT NULL UNIQUE,
    auth_method text NOT NULL CHECK (auth_method IN ('password', 'wallet')),
    created_at text NOT NULL,
    last_seen_at text NOT NULL,
    expires_at text NOT NULL,
    revoked_at text,
    user_agent text,
    client_address text
);
CREATE INDEX sessions_user_idx ON sessions (user_id, created_at);

CREATE TABLE login_throttle (
    scope_key text PRIMARY KEY,
    failures integer NOT NULL,
    window_started_at text NOT NULL,
    blocked_until text
);
