-- 0008_bots_on_orleans: the engine runs on Orleans, so bots need no leases of our own.
--
-- Design notes
-- 1. Orleans' membership (0007 on PostgreSQL, in memory on SQLite) says which silos are alive, and its grain
--    directory keeps one activation per bot; each active bot's activation runs its turns from a grain timer. The
--    home-made lease table and silo heartbeats that did this before go.
-- 2. One activation is not absolute while membership changes (a silo suspected dead may still run for a moment), so
--    the fence stays in the data: every turn's commit checks `bot_accounts.version` in its transaction (a stale
--    activation matches no row and writes nothing), and this index makes a turn number impossible to commit twice.
-- 3. Legacy imports number each bot's decisions 1..N, which the index accepts.

DROP TABLE bot_leases;
DROP TABLE silos;
CREATE UNIQUE INDEX bot_decisions_turn ON bot_decisions (bot_id, turn_number);
