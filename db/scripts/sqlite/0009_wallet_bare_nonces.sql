-- 0009_wallet_bare_nonces: nonces for messages the client builds (GET /api/auth/wallet/nonce).
--
-- Design notes
-- 1. Wallet libraries (viem, the wagmi and RainbowKit SIWE adapters, the siwe package) ask for a bare nonce and
--    build the EIP-4361 message themselves, so such a nonce has no address and no message text when it is issued:
--    address and message_sha256 become NULL for it.
-- 2. A bare nonce is bound to the caller it was issued to by binding_sha256, the SHA-256 of the random value of the
--    HttpOnly cookie set with it (user_id still binds it to a signed-in caller as in 0003). A signed message alone
--    is therefore not enough to use it: the cookie jar that asked for the nonce must present it.
-- 3. A row is one kind or the other (the CHECK): a challenge (address and message hash) or a bare nonce (binding hash).
-- 4. Nonces stay single-use exactly as in 0003 (one conditional UPDATE consumes one).
-- 5. SQLite cannot drop NOT NULL in place: the table is rebuilt and its rows copied (nothing references it).

CREATE TABLE wallet_nonces_new (
    nonce text PRIMARY KEY,
    address text,
    user_id text REFERENCES users (id) ON DELETE CASCADE,
    message_sha256 blob,
    binding_sha256 blob,
    issued_at text NOT NULL,
    expires_at text NOT NULL,
    used_at text,
    CHECK ((address IS NOT NULL AND message_sha256 IS NOT NULL AND binding_sha256 IS NULL)
        OR (address IS NULL AND message_sha256 IS NULL AND binding_sha256 IS NOT NULL))
);
INSERT INTO wallet_nonces_new (nonce, address, user_id, message_sha256, issued_at, expires_at, used_at)
    SELECT nonce, address, user_id, message_sha256, issued_at, expires_at, used_at FROM wallet_nonces;
DROP TABLE wallet_nonces;
ALTER TABLE wallet_nonces_new RENAME TO wallet_nonces;
CREATE INDEX wallet_nonces_expiry_idx ON wallet_nonces (expires_at);
