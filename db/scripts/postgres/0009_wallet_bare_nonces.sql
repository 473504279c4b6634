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

ALTER TABLE wallet_nonces
    ALTER COLUMN address DROP NOT NULL,
    ALTER COLUMN message_sha256 DROP NOT NULL,
    ADD COLUMN binding_sha256 bytea,
    ADD CONSTRAINT wallet_nonces_kind CHECK (
        (address IS NOT NULL AND message_sha256 IS NOT NULL AND binding_sha256 IS NULL)
        OR (address IS NULL AND message_sha256 IS NULL AND binding_sha256 IS NOT NULL));
