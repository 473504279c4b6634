-- 0010_trading_desk: the users' trading desk (seed 000, Terminal and Signals pages): the bots' signals, what users
-- track and do with them, their paper quick trades and wallet, realized PnL, copy trading and the agent chat.
--
-- Design notes
-- 1. signals are public, written by the bot's turn in the same transaction as the decision and fills that
--    caused them (one per executed open or close decision). `status` starts 'active' and moves once to
--    'hit_tp', 'hit_sl', 'closed' or 'expired' by a conditional UPDATE (`WHERE status = 'active'`), so two
--    silos watching the market cannot both move it. ids are identities: newest first is `ORDER BY id DESC`.
-- 2. Every user-owned table has `user_id` → users(id) (seed 003 §1) and every read is scoped by it. The desk
--    (paper wallet, quick trades, copy runs) is one aggregate per user rooted at paper_wallets: its writes bump
--    paper_wallets.version in the same transaction. signal_actions is an append-only audit (no API deletes it).
-- 3. quick_trades reuse the bots' isolated-margin rules: the same columns as positions, plus where the trade came
--    from (a signal, a copy run and the bot's position it mirrors, or an import). One mirror per run and bot
--    position is a unique index: a fill seen twice (retries, two silos) cannot open two trades.
-- 4. copy_trade_fills is the ledger of every bot fill a run considered: mirrored (with its quick trade) or
--    skipped (with the reason). (run_id, source_trade_id) is unique: each fill is decided exactly once per run.
-- 5. Money is text (exact). Sides are lower-case as on the wire ('long', 'short').
-- 6. idempotency_keys keep the first answer of a money-moving request for 24 h (IETF httpapi idempotency-key draft):
--    a row is 'pending' while the first request runs, then 'done' with its status and body.

CREATE TABLE signals (
    id integer PRIMARY KEY AUTOINCREMENT,
    bot_id text NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
    decision_id integer REFERENCES bot_decisions (id) ON DELETE SET NULL,
    position_id integer REFERENCES positions (id) ON DELETE SET NULL,
    opens_signal_id integer REFERENCES signals (id) ON DELETE SET NULL,
    symbol text NOT NULL,
    direction text NOT NULL CHECK (direction IN ('long', 'short', 'close')),
    confidence text,
    entry_price text NOT NULL,
    stop_loss text,
    take_profit text,
    leverage integer,
    horizon text,
    expires_at text,
    reasoning text,
    status text NOT NULL CHECK (status IN ('active', 'hit_tp', 'hit_sl', 'closed', 'expired')),
    status_price text,
    status_at text,
    created_at text NOT NULL
);
CREATE INDEX signals_bot_idx ON signals (bot_id, id);
CREATE INDEX signals_symbol_idx ON signals (symbol, id);
CREATE INDEX signals_active_idx ON signals (id) WHERE status = 'active';
CREATE INDEX signals_position_idx ON signals (position_id) WHERE position_id IS NOT NULL;

CREATE TABLE tracked_signals (
    id text PRIMARY KEY,
    user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    signal_id integer REFERENCES signals (id) ON DELETE CASCADE,
    symbol text NOT NULL,
    direction text NOT NULL CHECK (direction IN ('long', 'short')),
    entry_price text NOT NULL,
    stop_loss text,
    take_profit text,
    note text,
    external_id text,
    tracked_at text NOT NULL
);
CREATE UNIQUE INDEX tracked_signals_signal_key ON tracked_signals (user_id, signal_id) WHERE signal_id IS NOT NULL;
CREATE UNIQUE INDEX tracked_signals_external_key ON tracked_signals (user_id, external_id) WHERE external_id IS NOT NULL;

CREATE TABLE paper_wallets (
    user_id text PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    starting_balance text NOT NULL CHECK (starting_balance > 0),
    balance text NOT NULL,
    realized_pnl text NOT NULL DEFAULT 0,
    fees_paid text NOT NULL DEFAULT 0,
    reset_count integer NOT NULL DEFAULT 0,
    reset_at text,
    created_at text NOT NULL,
    updated_at text NOT NULL,
    version integer NOT NULL DEFAULT 1
);

CREATE TABLE copy_trade_runs (
    id text PRIMARY KEY,
    user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    bot_id text NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
    status text NOT NULL CHECK (status IN ('draft', 'active', 'paused', 'stopped')),
    sizing_mode text NOT NULL CHECK (sizing_mode IN ('proportional', 'fixed')),
    sizing_fraction text,
    sizing_notional text,
    max_leverage integer NOT NULL CHECK (max_leverage BETWEEN 1 AND 125),
    max_open_positions integer NOT NULL CHECK (max_open_positions >= 1),
    price_tolerance_bps integer NOT NULL CHECK (price_tolerance_bps >= 0),
    symbols text,
    external_id text,
    after_trade_id integer,
    created_at text NOT NULL,
    published_at text,
    updated_at text NOT NULL,
    stopped_at text,
    CHECK ((sizing_mode = 'proportional' AND sizing_fraction IS NOT NULL) OR (sizing_mode = 'fixed' AND sizing_notional IS NOT NULL))
);
CREATE INDEX copy_trade_runs_user_idx ON copy_trade_runs (user_id, created_at, id);
CREATE INDEX copy_trade_runs_bot_active_idx ON copy_trade_runs (bot_id) WHERE status = 'active';
CREATE UNIQUE INDEX copy_trade_runs_external_key ON copy_trade_runs (user_id, external_id) WHERE external_id IS NOT NULL;

CREATE TABLE quick_trades (
    id text PRIMARY KEY,
    user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    symbol text NOT NULL,
    side text NOT NULL CHECK (side IN ('long', 'short')),
    status text NOT NULL CHECK (status IN ('open', 'closed')),
    quantity text NOT NULL CHECK (quantity > 0),
    entry_price text NOT NULL,
    leverage integer NOT NULL CHECK (leverage BETWEEN 1 AND 125),
    margin text NOT NULL,
    entry_fee text NOT NULL,
    stop_loss text,
    take_profit text,
    liquidation_price text NOT NULL,
    opened_at text NOT NULL,
    closed_at text,
    exit_price text,
    exit_fee text,
    realized_pnl text,
    close_reason text CHECK (close_reason IN ('manual', 'stop_loss', 'take_profit', 'liquidation', 'copy', 'reset', 'import')),
    signal_id integer REFERENCES signals (id) ON DELETE SET NULL,
    copy_run_id text REFERENCES copy_trade_runs (id) ON DELETE SET NULL,
    source_position_id integer,
    external_id text
);
CREATE INDEX quick_trades_user_idx ON quick_trades (user_id, status, opened_at, id);
CREATE UNIQUE INDEX quick_trades_mirror_key ON quick_trades (copy_run_id, source_position_id) WHERE copy_run_id IS NOT NULL;
CREATE UNIQUE INDEX quick_trades_external_key ON quick_trades (user_id, external_id) WHERE external_id IS NOT NULL;

CREATE TABLE copy_trade_fills (
    id integer PRIMARY KEY AUTOINCREMENT,
    run_id text NOT NULL REFERENCES copy_trade_runs (id) ON DELETE CASCADE,
    user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    source_trade_id integer NOT NULL,
    source_position_id integer NOT NULL,
    fill text NOT NULL CHECK (fill IN ('entry', 'exit')),
    outcome text NOT NULL CHECK (outcome IN ('mirrored', 'skipped')),
    reason text,
    quick_trade_id text REFERENCES quick_trades (id) ON DELETE SET NULL,
    created_at text NOT NULL
);
CREATE UNIQUE INDEX copy_trade_fills_once ON copy_trade_fills (run_id, source_trade_id);
CREATE INDEX copy_trade_fills_user_idx ON copy_trade_fills (user_id, run_id, id);

CREATE TABLE pnl_entries (
    id integer PRIMARY KEY AUTOINCREMENT,
    user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    quick_trade_id text REFERENCES quick_trades (id) ON DELETE SET NULL,
    copy_run_id text REFERENCES copy_trade_runs (id) ON DELETE SET NULL,
    symbol text NOT NULL,
    realized_pnl text NOT NULL,
    fees text NOT NULL,
    created_at text NOT NULL
);
CREATE INDEX pnl_entries_user_idx ON pnl_entries (user_id, id);

CREATE TABLE signal_actions (
    id integer PRIMARY KEY AUTOINCREMENT,
    user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    signal_id integer REFERENCES signals (id) ON DELETE SET NULL,
    action text NOT NULL CHECK (action IN ('track', 'untrack', 'copy', 'convert', 'dismiss')),
    quick_trade_id text,
    copy_run_id text,
    detail text,
    created_at text NOT NULL
);
CREATE INDEX signal_actions_user_idx ON signal_actions (user_id, id);

CREATE TABLE agent_chat_messages (
    id text PRIMARY KEY,
    user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    bot_id text NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
    role text NOT NULL CHECK (role IN ('user', 'agent')),
    content text NOT NULL,
    status text NOT NULL CHECK (status IN ('ok', 'failed')),
    tokens integer NOT NULL DEFAULT 0,
    reply_to text REFERENCES agent_chat_messages (id) ON DELETE SET NULL,
    created_at text NOT NULL
);
CREATE INDEX agent_chat_messages_user_bot_idx ON agent_chat_messages (user_id, bot_id, id);
CREATE INDEX agent_chat_messages_user_day_idx ON agent_chat_messages (user_id, created_at);

CREATE TABLE idempotency_keys (
    user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key text NOT NULL,
    operation text NOT NULL,
    request_sha256 text NOT NULL,
    state text NOT NULL CHECK (state IN ('pending', 'done')),
    status_code integer,
    content_type text,
    body text,
    headers text,
    created_at text NOT NULL,
    expires_at text NOT NULL,
    PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_keys_expiry_idx ON idempotency_keys (expires_at);
