-- 0013_copy_mirror: where the copy-trade mirror stands in the event sequence (issue 10, copy trading).
--
-- Design notes
-- 1. The mirror (CopyMirror, one per silo) tails the sequenced bot fills (trade.opened, trade.closed,
--    position.liquidated) in `seq` order and mirrors each into the desks of the bot's followers. `last_seq` is the
--    seq of the last fill whose followers are ALL done: it moves forward only after every follower of every fill up to
--    it answered, so a crash or a failed call replays fills, never skips one. Events that are not fills do not move it
--    (no write per event); a silo keeps in memory how far past it it has scanned.
-- 2. Every silo runs the mirror and shares this one row. Two silos may mirror the same fill: each follower's
--    desk writes the copy_trade_fills ledger row (unique run_id, source_trade_id) in the transaction that opens,
--    closes or skips, so the second attempt finds the recorded outcome and writes nothing. The cursor only ever
--    moves forward (`WHERE last_seq < @seq`), whichever silo gets there first.
-- 3. The row starts at the current high-water mark: fills older than this migration are history, not "later"
--    fills of any run (runs also filter by after_trade_id, recorded when they are published).
-- 4. A mirror stopped for longer than the event retention (Arena:Events:Retention) would find its fills pruned;
--    it then resumes at the oldest retained event: fills pruned meanwhile are not mirrored.
-- 5. copy_trade_fills.detail keeps the sentence of a skip ("the price moved 31 bps ..."), beside its machine reason.

CREATE TABLE copy_mirror_cursor (
    consumer text PRIMARY KEY,
    last_seq bigint NOT NULL
);
INSERT INTO copy_mirror_cursor (consumer, last_seq) SELECT 'copy-mirror', coalesce(max(seq), 0) FROM activity_events;

ALTER TABLE copy_trade_fills ADD COLUMN detail text;

-- The followers of a bot position: the exit of a bot position finds its mirrors without scanning the runs.
CREATE INDEX quick_trades_source_position_idx ON quick_trades (source_position_id) WHERE copy_run_id IS NOT NULL;
