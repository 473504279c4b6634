-- 0003_wallets: Sign-In with Ethereum (EIP-4361) and linked wallets (seed 000, "sign-message verification").
--
-- Design notes
-- 1. Addresses are stored lower-case hex (0x + 40); the API shows the EIP-55 checksum form.
-- 2. A wallet belongs to at most one user (primary key on address); linking is part of the user
--    aggregate and bumps users.version. A first wallet sign-in inserts the user and its wallet in one
--    transaction, so when two race with one new wallet the primary key decides and the loser leaves no user.
-- 3. wallet_connections is the append-only history of link / unlink / sign-in (chain_id is NULL for unlink).
-- 4. wallet_nonces are single-use: a verification that succeeds consumes its nonce with
--    `UPDATE ... SET used_at = @now WHERE nonce = @nonce AND used_at IS NULL`, so a replay finds zero rows.
--    A refused verification writes nothing.
-- 5. message_sha256 is the SHA-256 of the exact message issued with the nonce: only that text verifies,
--    so its domain, URI, chain id, statement and times are the server's, not the client's.
-- 6. user_id is the signed-in user a challenge was issued to (it can only link a wallet to that user);
--    NULL marks a sign-in challenge, which only an anonymous caller can use.
-- 7. Issuing a nonce deletes the expired ones, so the table holds about (issue rate x lifetime) rows;
--    a deleted nonce is simply unknown, which verification refuses like a used one.

CREATE TABLE user_wallets (
    address text PRIMARY KEY,
    user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    linked_at text NOT NULL
);
CREATE INDEX user_wallets_user_idx ON user_wallets (user_id);

CREATE TABLE wallet_connections (
    id text PRIMARY KEY,
    user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    address text NOT NULL,
    action text NOT NULL CHECK (action IN ('link', 'unlink', 'sign_in')),
    chain_id integer,
    occurred_at text NOT NULL
);
CREATE INDEX wallet_connections_user_idx ON wallet_connections (user_id, occurred_at);

CREATE TABLE wallet_nonces (
    nonce text PRIMARY KEY,
    address text NOT NULL,
    user_id text REFERENCES users (id) ON DELETE CASCADE,
    message_sha256 blob NOT NULL,
    issued_at text NOT NULL,
    expires_at text NOT NULL,
    used_at text
);
CREATE INDEX wallet_nonces_expiry_idx ON wallet_nonces (expires_at);
