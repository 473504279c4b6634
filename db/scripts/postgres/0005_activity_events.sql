-- 0005_activity_events: the outbox. Every state change others may see writes a row here in the same
-- transaction as the change.
--
-- Design notes
-- 1. Writers insert with `seq` NULL. A single sequencer (a transaction-scoped advisory lock on PostgreSQL;
--    SQLite's write lock) assigns `seq` = max(seq) + 1, 2, ... to the rows it can see, i.e. committed rows,
--    in `id` order. So `seq` is dense and only ever given to committed events, in the order they became
--    visible: a reader tailing `WHERE seq > @last ORDER BY seq` cannot skip a transaction that committed
--    late (which a bare identity column would allow under concurrency).
-- 2. `visibility` is 'public' (spectators), 'user' (only `user_id`), or 'admin'.
-- 3. Retention prunes by `seq` in batches; `id` is only the insertion order.

CREATE TABLE activity_events (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    seq bigint UNIQUE,
    type text NOT NULL,
    visibility text NOT NULL CHECK (visibility IN ('public', 'user', 'admin')),
    user_id uuid REFERENCES users (id) ON DELETE CASCADE,
    bot_id text,
    payload text NOT NULL,
    created_at timestamptz NOT NULL,
    CHECK (visibility <> 'user' OR user_id IS NOT NULL)
);
CREATE INDEX activity_events_unsequenced_idx ON activity_events (id) WHERE seq IS NULL;
CREATE INDEX activity_events_user_idx ON activity_events (user_id, seq) WHERE user_id IS NOT NULL;
