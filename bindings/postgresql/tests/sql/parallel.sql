-- Parallel on one server: interactions hash-partitioned by contact, partitionwise aggregation.
-- A contact never spans partitions, so each partition is folded whole by one process and no
-- combine function is needed; the plan must be a Parallel Append of per-partition aggregates,
-- with no Partial / Finalize steps.
CREATE TABLE p_interactions (seq bigint, contact_id bigint, at timestamptz, channel text, direction text)
  PARTITION BY HASH (contact_id);
CREATE TABLE p_interactions_0 PARTITION OF p_interactions FOR VALUES WITH (MODULUS 4, REMAINDER 0);
CREATE TABLE p_interactions_1 PARTITION OF p_interactions FOR VALUES WITH (MODULUS 4, REMAINDER 1);
CREATE TABLE p_interactions_2 PARTITION OF p_interactions FOR VALUES WITH (MODULUS 4, REMAINDER 2);
CREATE TABLE p_interactions_3 PARTITION OF p_interactions FOR VALUES WITH (MODULUS 4, REMAINDER 3);
INSERT INTO p_interactions SELECT seq, contact_id, at, channel, direction FROM interactions;
ANALYZE p_interactions;

SET enable_partitionwise_aggregate = on;
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;

CREATE FUNCTION plan_of(query text) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE line text;
BEGIN
  FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || query LOOP RETURN NEXT line; END LOOP;
END $$;

\set q 'SELECT contact_id, rapport_agg(at, channel, direction ORDER BY at, seq) AS state FROM p_interactions GROUP BY contact_id'
SELECT count(*) FILTER (WHERE p ~ 'Parallel Append') AS parallel_append,
       count(*) FILTER (WHERE p ~ '(Group|Hash)Aggregate') AS aggregates,
       count(*) FILTER (WHERE p ~ 'Partial|Finalize') AS partial_steps
FROM plan_of(:'q') p;

-- Same states as the C++ API, whichever worker folded them.
SELECT count(*) AS contacts, count(*) FILTER (WHERE g.state::text = e.state) AS same_state
FROM ref_expected e LEFT JOIN (:q) g USING (contact_id);

-- Without partitionwise aggregation the planner cannot split the aggregate (no combine
-- function): one plain aggregate over the whole table, still correct.
SET enable_partitionwise_aggregate = off;
SELECT count(*) FILTER (WHERE p ~ 'Partial|Finalize') AS partial_steps FROM plan_of(:'q') p;
