-- The coordinator of cluster/run.sh (psql variables: port, contacts, me).
CREATE EXTENSION rapport;
CREATE EXTENSION postgres_fdw;

-- A deterministic data set: each contact gets 1-20 interactions, strictly increasing in time
-- (one per 3-day slot, at a pseudo-random second of it), all before the scoring time.
CREATE TABLE interactions_all AS
SELECT c AS contact_id,
       timestamptz '2024-12-01 00:00+00' + make_interval(days => abs(hashint8(c)) % 500 + 3 * k,
                                                         secs => abs(hashint8(c * 1000 + k)) % 259200) AS at,
       (ARRAY['email', 'email', 'message', 'meeting', 'call', 'social', 'event', 'video_call'])[1 + abs(hashint8(c * 1000 + k) >> 20) % 8] AS channel,
       (ARRAY['outbound', 'inbound', 'outbound', 'inbound', 'mutual'])[1 + abs(hashint8(c * 1000 + k) >> 40) % 5] AS direction
FROM generate_series(1, :contacts) c, LATERAL generate_series(1, 1 + abs(hashint8(-c)) % 20) k;

-- The distributed table: partition 0 here, partitions 1 and 2 on the shards. The shard servers
-- list the extension, so that postgres_fdw may ship rapport_agg to them; async_capable lets the
-- coordinator wait on both shards at once.
CREATE TABLE interactions (contact_id bigint, at timestamptz, channel text, direction text) PARTITION BY HASH (contact_id);
CREATE TABLE interactions_p0 PARTITION OF interactions FOR VALUES WITH (MODULUS 3, REMAINDER 0);
SELECT :port + 1 AS port1, :port + 2 AS port2 \gset
CREATE SERVER shard1 FOREIGN DATA WRAPPER postgres_fdw
  OPTIONS (host '127.0.0.1', port :'port1', dbname 'postgres', extensions 'rapport', async_capable 'true', fetch_size '10000', batch_size '1000');
CREATE SERVER shard2 FOREIGN DATA WRAPPER postgres_fdw
  OPTIONS (host '127.0.0.1', port :'port2', dbname 'postgres', extensions 'rapport', async_capable 'true', fetch_size '10000', batch_size '1000');
CREATE USER MAPPING FOR :"me" SERVER shard1 OPTIONS (user :'me');
CREATE USER MAPPING FOR :"me" SERVER shard2 OPTIONS (user :'me');
CREATE FOREIGN TABLE interactions_p1 PARTITION OF interactions FOR VALUES WITH (MODULUS 3, REMAINDER 1)
  SERVER shard1 OPTIONS (table_name 'interactions_p1');
CREATE FOREIGN TABLE interactions_p2 PARTITION OF interactions FOR VALUES WITH (MODULUS 3, REMAINDER 2)
  SERVER shard2 OPTIONS (table_name 'interactions_p2');

-- Rows are routed to their server by the partition key.
INSERT INTO interactions SELECT * FROM interactions_all;
ANALYZE interactions_all;
ANALYZE interactions;
