-- 0007_orleans_cluster: cluster membership for many silos on one PostgreSQL. The tables and stored queries
-- of Orleans' ADO.NET clustering provider (Microsoft.Orleans.Clustering.AdoNet 10.4.2, invariant "Npgsql").
--
-- Design notes
-- 1. These tables belong to Orleans, not to the domain. Only the provider reads and writes them, through the
--    query texts stored in OrleansQuery; no domain table references them and no store joins them, so they
--    carry the `orleans_` prefix and can be emptied (with every silo stopped) without losing any data:
--    silos re-register on start. Orleans' grain-state storage is not used (our rows are the source of truth).
-- 2. The contract is OrleansQuery. At start-up every silo (and every external client) runs the hard-coded
--    `SELECT QueryKey, QueryText FROM OrleansQuery`, unquoted, so PostgreSQL folds it to orleansquery /
--    querykey / querytext: these three names are spelled as Orleans spells them and never quoted. It refuses
--    to start unless all nine required keys are present, then runs each text with named parameters.
--    Later migrations (reminders) add their own keys to the same table.
-- 3. Everything else is ours: snake_case names as in the rest of the schema. Each query aliases its result
--    columns to the names the provider looks up ("Address", "Port", "Version", ...) and uses only the
--    @parameters the provider binds for that key: Npgsql passes an unbound `@name` through to PostgreSQL,
--    which parses it as an operator and fails. 10.4.2 binds no MetadataJson, so there is no such column.
-- 4. orleans_membership_versions has one row per cluster (the provider's DeploymentId is the ClusterId) whose
--    `version` is the etag of the whole membership table. Reads return it together with the entries in one
--    statement, hence one snapshot. Every change (a silo joins; a status change; a suspicion vote) is one
--    statement that first bumps `version` only where it still equals the @Version the silo decided on, then
--    writes the entry only if that bump happened, and returns whether it did. The bump takes the version
--    row's lock, so concurrent writers queue on it; after the winner commits, READ COMMITTED re-checks the
--    loser's `version = @Version` against the new row, it matches nothing, and the loser gets false, re-reads
--    and re-decides. That compare-and-swap is what the membership protocol builds on: no two silos can
--    commit decisions taken from different views of the table (e.g. both kill a silo the other just saw
--    rejoin). The bump also checks that the entry is absent (insert) or present (update), so a false never
--    leaves a bumped version behind; a duplicate that slips past it fails on the primary key and rolls the
--    whole statement back.
-- 5. Heartbeats (UpdateIAmAlivetimeKey) write only `i_am_alive_time` and do not bump the version: they come
--    from every silo every IAmAliveTablePublishTimeout and no decision is taken under the etag from them.
-- 6. Types are those the provider binds and reads: addresses are text (bound as strings, parsed with
--    IPAddress.Parse); ports, generation, status (SiloStatus: 3 Active, 4 ShuttingDown, 5 Stopping, 6 Dead)
--    and version are integer (bound as Int32, read with Convert.ToInt32); times are timestamptz (Npgsql binds
--    DbType.DateTime as timestamptz from UTC values and reads back UTC); suspect_times is the provider's
--    own "silo,yyyy-MM-dd HH:mm:ss.fff GMT|..." text. NOT NULL wherever the provider would fail on a NULL.
-- 7. Cleanup of Dead entries. 10.4.2 prefers the optional CleanupDefunctSiloEntryKey: it reads all entries,
--    keeps the Dead ones started and last alive before the cutoff with no suspicion vote at or after it, and
--    deletes each only if every captured value still matches (an entry changed since the read survives).
--    CleanupDefunctSiloEntriesKey must exist anyway (the start-up check) and applies the same rule in one
--    statement should the optional key ever be removed. Neither bumps the version: removing a Dead entry
--    changes no live silo's view, and a later write to it finds no row and returns false.
-- 8. GatewaysQueryKey serves external IClusterClients (silos host their own client and never run it):
--    Active silos that listen for clients.
-- 9. SQLite runs one silo with localhost clustering, so its 0007 is comment-only.

CREATE TABLE OrleansQuery (
    QueryKey text PRIMARY KEY,
    QueryText text NOT NULL
);

CREATE TABLE orleans_membership_versions (
    cluster_id text PRIMARY KEY,
    version integer NOT NULL DEFAULT 0,
    changed_at timestamptz NOT NULL DEFAULT now()
);

-- One row per silo incarnation: a restarted silo has a new generation, hence a new row.
CREATE TABLE orleans_membership_entries (
    cluster_id text NOT NULL REFERENCES orleans_membership_versions (cluster_id),
    address text NOT NULL,
    port integer NOT NULL,
    generation integer NOT NULL,
    silo_name text NOT NULL,
    host_name text NOT NULL,
    status integer NOT NULL,
    proxy_port integer NOT NULL,
    suspect_times text,
    start_time timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    PRIMARY KEY (cluster_id, address, port, generation)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

('InsertMembershipVersionKey', $q$
WITH created AS (
    INSERT INTO orleans_membership_versions (cluster_id) VALUES (@DeploymentId)
    ON CONFLICT (cluster_id) DO NOTHING
    RETURNING cluster_id
)
SELECT count(*) = 1 AS "Created" FROM created
$q$),

('MembershipReadAllKey', $q$
SELECT v.version AS "Version",
       m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
       m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status",
       m.proxy_port AS "ProxyPort", m.suspect_times AS "SuspectTimes",
       m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime"
FROM orleans_membership_versions v
LEFT JOIN orleans_membership_entries m ON m.cluster_id = v.cluster_id
WHERE v.cluster_id = @DeploymentId
$q$),

('MembershipReadRowKey', $q$
SELECT v.version AS "Version",
       m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
       m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status",
       m.proxy_port AS "ProxyPort", m.suspect_times AS "SuspectTimes",
       m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime"
FROM orleans_membership_versions v
LEFT JOIN orleans_membership_entries m
       ON m.cluster_id = v.cluster_id
      AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
WHERE v.cluster_id = @DeploymentId
$q$),

('InsertMembershipKey', $q$
WITH bumped AS (
    UPDATE orleans_membership_versions v
    SET version = v.version + 1, changed_at = now()
    WHERE v.cluster_id = @DeploymentId AND v.version = @Version
      AND NOT EXISTS (
          SELECT 1 FROM orleans_membership_entries e
          WHERE e.cluster_id = @DeploymentId
            AND e.address = @Address AND e.port = @Port AND e.generation = @Generation)
    RETURNING v.cluster_id
), inserted AS (
    INSERT INTO orleans_membership_entries (cluster_id, address, port, generation, silo_name, host_name,
                                            status, proxy_port, start_time, i_am_alive_time)
    SELECT cluster_id, @Address, @Port, @Generation, @SiloName, @HostName,
           @Status, @ProxyPort, @StartTime, @IAmAliveTime
    FROM bumped
    RETURNING 1
)
SELECT count(*) = 1 AS "Inserted" FROM inserted
$q$),

('UpdateMembershipKey', $q$
WITH bumped AS (
    UPDATE orleans_membership_versions v
    SET version = v.version + 1, changed_at = now()
    WHERE v.cluster_id = @DeploymentId AND v.version = @Version
      AND EXISTS (
          SELECT 1 FROM orleans_membership_entries e
          WHERE e.cluster_id = @DeploymentId
            AND e.address = @Address AND e.port = @Port AND e.generation = @Generation)
    RETURNING v.cluster_id
), updated AS (
    UPDATE orleans_membership_entries e
    SET status = @Status, suspect_times = @SuspectTimes, i_am_alive_time = @IAmAliveTime
    FROM bumped
    WHERE e.cluster_id = bumped.cluster_id
      AND e.address = @Address AND e.port = @Port AND e.generation = @Generation
    RETURNING 1
)
SELECT count(*) = 1 AS "Updated" FROM updated
$q$),

('UpdateIAmAlivetimeKey', $q$
UPDATE orleans_membership_entries
SET i_am_alive_time = @IAmAliveTime
WHERE cluster_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
$q$),

('GatewaysQueryKey', $q$
SELECT address AS "Address", proxy_port AS "ProxyPort", generation AS "Generation"
FROM orleans_membership_entries
WHERE cluster_id = @DeploymentId AND status = @Status AND proxy_port > 0
$q$),

('DeleteMembershipTableEntriesKey', $q$
WITH entries AS (
    DELETE FROM orleans_membership_entries WHERE cluster_id = @DeploymentId
)
DELETE FROM orleans_membership_versions WHERE cluster_id = @DeploymentId
$q$),

('CleanupDefunctSiloEntryKey', $q$
DELETE FROM orleans_membership_entries
WHERE cluster_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
  AND status = 6
  AND start_time = @StartTime AND i_am_alive_time = @IAmAliveTime
  AND coalesce(suspect_times, '') = coalesce(@SuspectTimes, '')
$q$),

('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM orleans_membership_entries e
WHERE e.cluster_id = @DeploymentId AND e.status = 6
  AND e.start_time < @IAmAliveTime AND e.i_am_alive_time < @IAmAliveTime
  AND NOT EXISTS (
      SELECT 1 FROM unnest(string_to_array(e.suspect_times, '|')) AS vote
      WHERE split_part(vote, ',', 2)::timestamptz >= @IAmAliveTime)
$q$);
