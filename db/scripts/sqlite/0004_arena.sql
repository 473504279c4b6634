-- 0004_arena: the arena engine (seeds 001 and 002): configuration in the database, and every trade,
-- position, decision and snapshot as a row (replacing the legacy arena_state JSON blob).
--
-- Design notes
-- 1. Configuration (ai_providers, credentials, bots, bot_prompts, leverage_policies, market_symbols,
--    app_settings) is edited through the admin API; `bots.version` guards admin edits.
-- 2. A bot's trading state is `bot_accounts` (one row per bot, its own `version`) plus its positions,
--    trades and decisions. Every turn commits ONE transaction: decision row, position rows, trade rows,
--    the account row (`WHERE version = @expected`), the lease check and the outbox events.
-- 3. `bot_leases` gives each bot's turn loop to exactly one silo. `token` is a fencing token: it grows on
--    every takeover, and each turn's transaction updates the lease row `WHERE token = @token AND owner = @silo`
--    (zero rows: the silo lost the bot, the turn rolls back). On PostgreSQL that UPDATE also row-locks the
--    lease, so a takeover waits for an in-flight turn to commit and then loads what it wrote.
-- 4. One open position per bot and symbol is a partial unique index, not only an application rule.
-- 5. Prompts are not stored again per decision: a decision references its prompt version and the history
--    summary it used, and stores only the per-turn context; `prompt_sha256` proves the reconstruction.
-- 6. Quantities and money are TEXT holding exact decimal strings (SQLite has no decimal type, and REAL would
--    round): never compare, order or SUM them in SQL here; the application does money arithmetic in decimal.
--    Identity columns are INTEGER PRIMARY KEY AUTOINCREMENT so an id is never reused after a delete (cursors
--    rely on it). Sides and actions are upper-case text with CHECKs.
-- 7. credentials hold AES-GCM ciphertext only (a blob: nonce || ciphertext || tag under ARENA_MASTER_KEY); the API never
--    returns them.

CREATE TABLE app_settings (
    key text PRIMARY KEY,
    value text NOT NULL,
    updated_at text NOT NULL
);

CREATE TABLE credentials (
    id text PRIMARY KEY,
    name text NOT NULL UNIQUE,
    kind text NOT NULL CHECK (kind IN ('api_key', 'exchange_key')),
    secret blob NOT NULL,
    key_id text NOT NULL,
    description text,
    created_at text NOT NULL,
    rotated_at text,
    version integer NOT NULL DEFAULT 1
);

CREATE TABLE ai_providers (
    id text PRIMARY KEY,
    name text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('rules', 'openai-compatible')),
    strategy text,
    base_url text,
    model text,
    credential_id text REFERENCES credentials (id),
    timeout_ms integer NOT NULL DEFAULT 30000,
    max_retries integer NOT NULL DEFAULT 2,
    max_concurrency integer NOT NULL DEFAULT 4,
    temperature text,
    max_tokens integer,
    json_mode integer NOT NULL DEFAULT true,
    is_active integer NOT NULL DEFAULT true,
    created_at text NOT NULL,
    updated_at text NOT NULL,
    version integer NOT NULL DEFAULT 1
);

CREATE TABLE market_symbols (
    symbol text PRIMARY KEY,
    base_asset text NOT NULL,
    quote_asset text NOT NULL,
    price_precision integer NOT NULL,
    quantity_precision integer NOT NULL,
    tick_size text NOT NULL,
    step_size text NOT NULL,
    min_quantity text NOT NULL,
    min_notional text NOT NULL,
    initial_price text,
    annual_volatility text,
    is_active integer NOT NULL DEFAULT true,
    updated_at text NOT NULL
);

CREATE TABLE leverage_policies (
    symbol text PRIMARY KEY,
    max_leverage integer NOT NULL CHECK (max_leverage BETWEEN 1 AND 125),
    updated_at text NOT NULL
);

CREATE TABLE bots (
    id text PRIMARY KEY,
    display_name text NOT NULL,
    avatar_url text,
    provider_id text NOT NULL REFERENCES ai_providers (id),
    trading_mode text NOT NULL CHECK (trading_mode IN ('paper', 'real')),
    initial_balance text NOT NULL CHECK (initial_balance > 0),
    max_leverage integer NOT NULL CHECK (max_leverage BETWEEN 1 AND 125),
    daily_token_budget integer,
    is_active integer NOT NULL DEFAULT true,
    is_paused integer NOT NULL DEFAULT false,
    active_prompt_version integer,
    created_at text NOT NULL,
    updated_at text NOT NULL,
    version integer NOT NULL DEFAULT 1
);

CREATE TABLE bot_prompts (
    bot_id text NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
    version integer NOT NULL,
    prompt text NOT NULL,
    note text,
    created_at text NOT NULL,
    PRIMARY KEY (bot_id, version)
);

CREATE TABLE bot_accounts (
    bot_id text PRIMARY KEY REFERENCES bots (id) ON DELETE CASCADE,
    balance text NOT NULL,
    realized_pnl text NOT NULL DEFAULT 0,
    fees_paid text NOT NULL DEFAULT 0,
    trade_count integer NOT NULL DEFAULT 0,
    wins integer NOT NULL DEFAULT 0,
    losses integer NOT NULL DEFAULT 0,
    turn_count integer NOT NULL DEFAULT 0,
    last_turn_at text,
    tokens_used_today integer NOT NULL DEFAULT 0,
    token_day text,
    reset_at text,
    version integer NOT NULL DEFAULT 1
);

CREATE TABLE bot_history_summaries (
    id integer PRIMARY KEY AUTOINCREMENT,
    bot_id text NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
    summary text NOT NULL,
    through_decision_id integer NOT NULL,
    decisions_folded integer NOT NULL,
    created_at text NOT NULL
);
CREATE INDEX bot_history_summaries_bot_idx ON bot_history_summaries (bot_id, id);

CREATE TABLE bot_decisions (
    id integer PRIMARY KEY AUTOINCREMENT,
    bot_id text NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
    turn_number integer NOT NULL,
    provider_id text,
    prompt_version integer,
    summary_id integer REFERENCES bot_history_summaries (id),
    prompt_context text,
    prompt_sha256 text,
    raw_answer text,
    decisions_json text NOT NULL,
    notes_json text NOT NULL,
    success integer NOT NULL,
    error text,
    latency_ms integer,
    prompt_tokens integer,
    completion_tokens integer,
    external_id text,
    created_at text NOT NULL
);
CREATE INDEX bot_decisions_bot_idx ON bot_decisions (bot_id, id);
CREATE UNIQUE INDEX bot_decisions_external_key ON bot_decisions (bot_id, external_id) WHERE external_id IS NOT NULL;

CREATE TABLE positions (
    id integer PRIMARY KEY AUTOINCREMENT,
    bot_id text NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
    symbol text NOT NULL,
    side text NOT NULL CHECK (side IN ('LONG', 'SHORT')),
    status text NOT NULL CHECK (status IN ('open', 'closed')),
    quantity text NOT NULL CHECK (quantity > 0),
    entry_price text NOT NULL,
    leverage integer NOT NULL,
    margin text NOT NULL,
    entry_fee text NOT NULL,
    stop_loss text,
    take_profit text,
    liquidation_price text NOT NULL,
    opened_at text NOT NULL,
    open_decision_id integer REFERENCES bot_decisions (id),
    prompt_version integer,
    closed_at text,
    exit_price text,
    exit_fee text,
    realized_pnl text,
    close_reason text CHECK (close_reason IN ('signal', 'stop_loss', 'take_profit', 'liquidation', 'reset', 'import')),
    external_id text
);
CREATE UNIQUE INDEX positions_one_open_per_symbol ON positions (bot_id, symbol) WHERE status = 'open';
CREATE INDEX positions_bot_idx ON positions (bot_id, id);
CREATE UNIQUE INDEX positions_external_key ON positions (bot_id, external_id) WHERE external_id IS NOT NULL;

CREATE TABLE trades (
    id integer PRIMARY KEY AUTOINCREMENT,
    bot_id text NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
    position_id integer REFERENCES positions (id),
    decision_id integer REFERENCES bot_decisions (id),
    symbol text NOT NULL,
    action text NOT NULL CHECK (action IN ('LONG', 'SHORT', 'CLOSE')),
    fill text NOT NULL CHECK (fill IN ('entry', 'exit')),
    price text NOT NULL,
    quantity text NOT NULL,
    notional text NOT NULL,
    leverage integer NOT NULL,
    fee text NOT NULL,
    realized_pnl text,
    reason text,
    prompt_version integer,
    executed_at text NOT NULL,
    external_id text
);
CREATE INDEX trades_bot_idx ON trades (bot_id, id);
CREATE INDEX trades_bot_time_idx ON trades (bot_id, executed_at);
CREATE UNIQUE INDEX trades_external_key ON trades (bot_id, external_id) WHERE external_id IS NOT NULL;

CREATE TABLE bot_state_snapshots (
    id integer PRIMARY KEY AUTOINCREMENT,
    bot_id text NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
    balance text NOT NULL,
    equity text NOT NULL,
    realized_pnl text NOT NULL,
    unrealized_pnl text NOT NULL,
    trade_count integer NOT NULL,
    win_rate text,
    taken_at text NOT NULL
);
CREATE INDEX bot_state_snapshots_bot_time_idx ON bot_state_snapshots (bot_id, taken_at);

CREATE TABLE market_price_history (
    symbol text NOT NULL,
    taken_at text NOT NULL,
    price text NOT NULL,
    PRIMARY KEY (symbol, taken_at)
);

CREATE TABLE market_checkpoints (
    symbol text PRIMARY KEY,
    tick integer NOT NULL,
    price text NOT NULL,
    updated_at text NOT NULL
);

CREATE TABLE silos (
    id text PRIMARY KEY,
    host text NOT NULL,
    started_at text NOT NULL,
    heartbeat_at text NOT NULL
);

CREATE TABLE bot_leases (
    bot_id text PRIMARY KEY REFERENCES bots (id) ON DELETE CASCADE,
    owner text NOT NULL,
    token integer NOT NULL,
    expires_at text NOT NULL
);
