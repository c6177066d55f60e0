-- Every bad input is a PostgreSQL error naming the value, never a crash. After each error the
-- session goes on, which is itself the check that no C++ state was left half-done.
\set VERBOSITY default
SELECT rapport_agg(at, channel, direction ORDER BY at) AS s INTO TEMP one
FROM (VALUES ('2026-10-01 10:00+00'::timestamptz, 'email', 'outbound'),
             ('2026-10-02 09:00+00', 'email', 'inbound')) v(at, channel, direction);

-- NULLs
SELECT rapport_agg(at, channel, direction ORDER BY at) FROM (VALUES (NULL::timestamptz, 'email', 'inbound')) v(at, channel, direction);
SELECT rapport_agg(at, channel, direction ORDER BY at) FROM (VALUES (now(), NULL::text, 'inbound')) v(at, channel, direction);
SELECT rapport_agg(at, channel, direction ORDER BY at) FROM (VALUES (now(), 'email', NULL::text)) v(at, channel, direction);
SELECT rapport_absorb(NULL, '2026-10-01 10:00+00', 'email', NULL);
SELECT rapport_warmth(NULL, '2026-11-16 12:00+00');
SELECT rapport_warmth(s, NULL) FROM one;
SELECT rapport_warmth(s, '2026-11-16 12:00+00', NULL) FROM one;
SELECT rapport_explain(NULL, '2026-11-16 12:00+00');
SELECT rapport_recommend(NULL, '2026-11-16 12:00+00', '{}');
SELECT rapport_recommend(s, '2026-11-16 12:00+00', NULL) FROM one;
-- A NULL duration is "not known" (0 s), as in the C++ API; a NULL state in rapport_absorb is a
-- contact with no interaction yet.
SELECT rapport_absorb(NULL, '2026-10-01 10:00+00', 'email', 'inbound', NULL) IS NOT NULL AS ok;

-- Unknown channels and directions
SELECT rapport_agg(at, channel, direction ORDER BY at) FROM (VALUES (now(), 'fax', 'inbound')) v(at, channel, direction);
SELECT rapport_absorb(NULL, '2026-10-01 10:00+00', 'email', 'sideways');
SELECT rapport_absorb(NULL, '2026-10-01 10:00+00', 'Email', 'inbound');

-- Out-of-order rows
SELECT rapport_agg(at, channel, direction)
FROM (VALUES ('2026-10-02 09:00+00'::timestamptz, 'email', 'inbound'),
             ('2026-10-01 10:00+00', 'email', 'outbound')) v(at, channel, direction);
SELECT rapport_absorb(s, '2026-09-01 10:00+00', 'email', 'inbound') FROM one;

-- Times and durations out of range
SELECT rapport_absorb(NULL, 'infinity', 'email', 'inbound');
SELECT rapport_absorb(NULL, '-infinity', 'email', 'inbound');
SELECT rapport_absorb(NULL, '1969-12-31 23:59:59+00', 'email', 'inbound');
SELECT rapport_absorb(NULL, '2106-02-07 06:28:16+00', 'email', 'inbound');
SELECT rapport_absorb(NULL, '2026-10-01 10:00+00', 'call', 'mutual', '-5 minutes');
SELECT rapport_absorb(NULL, '2026-10-01 10:00+00', 'call', 'mutual', '1 month');
SELECT rapport_warmth(s, '2026-09-01 00:00+00') FROM one;
SELECT rapport_warmth(s, 'infinity') FROM one;
SELECT rapport_recommend(s, '2026-09-01 00:00+00', '{}') FROM one;

-- Horizons: only the model's own
SELECT (rapport_warmth(s, '2026-11-16 12:00+00', 30)).score = (rapport_warmth(s, '2026-11-16 12:00+00')).score AS same FROM one;
SELECT rapport_warmth(s, '2026-11-16 12:00+00', 14) FROM one;

-- Corrupt states
SELECT 'abc'::rapport_state;
SELECT repeat('zz', 76)::rapport_state;
SELECT '585053540100000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000063a4fec'::rapport_state;
SELECT '5250535402000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000006ebc63b4'::rapport_state;
SELECT overlay(s::text PLACING 'ff' FROM 20 FOR 2)::rapport_state FROM one;
-- A valid empty state (no interaction): it reads, but there is nothing to score.
SELECT rapport_warmth('5250535401000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000814251b', '2026-11-16 12:00+00');

-- Bad constraints
SELECT rapport_recommend(s, '2026-11-16 12:00+00', '[1, 2]') FROM one;
SELECT rapport_recommend(s, '2026-11-16 12:00+00', '"Europe/London"') FROM one;
SELECT rapport_recommend(s, '2026-11-16 12:00+00', '{"zome": "Europe/London"}') FROM one;
SELECT rapport_recommend(s, '2026-11-16 12:00+00', '{"zone": 5}') FROM one;
SELECT rapport_recommend(s, '2026-11-16 12:00+00', '{"zone": "Mars/Olympus_Mons"}') FROM one;
SELECT rapport_recommend(s, '2026-11-16 12:00+00', '{"calendar": "narnia"}') FROM one;
SELECT rapport_recommend(s, '2026-11-16 12:00+00', '{"reach_out_after": "next tuesday"}') FROM one;
SELECT rapport_recommend(s, '2026-11-16 12:00+00', '{"reach_out_after": "2026-02-30"}') FROM one;
SELECT rapport_recommend(s, '2026-11-16 12:00+00', '{"reach_out_after": "2026-12-01T09:00:00+25:00"}') FROM one;
SELECT rapport_recommend(s, '2026-11-16 12:00+00', '{"reach_out_after": "2026-12-02", "reach_out_before": "2026-12-01"}') FROM one;
SELECT rapport_recommend(s, '2026-11-16 12:00+00', '{"leave": {"from": "2026-12-01"}}') FROM one;
SELECT rapport_recommend(s, '2026-11-16 12:00+00', '{"leave": [{"from": "2026-12-01"}]}') FROM one;
SELECT rapport_recommend(s, '2026-11-16 12:00+00', '{"leave": [{"from": "2026-12-01", "until": "2026-11-01"}]}') FROM one;
SELECT rapport_recommend(s, '2026-11-16 12:00+00', '{"leave": [{"from": "2026-12-01", "until": "2026-12-05", "why": "ski"}]}') FROM one;
SELECT rapport_recommend(s, '2026-11-16 12:00+00', '{"leave": [42]}') FROM one;
SELECT rapport_recommend(s, '2026-11-16 12:00+00', '{"stage": "married"}') FROM one;
SELECT rapport_recommend(s, '2026-11-16 12:00+00', '{"quiet_start": "22:00"}') FROM one;
SELECT rapport_recommend(s, '2026-11-16 12:00+00', '{"quiet_start": "25:00", "quiet_end": "07:00"}') FROM one;
-- JSON null is an absent key.
SELECT (rapport_recommend(s, '2026-11-16 12:00+00', '{"zone": null}')).action FROM one;

-- Still alive and correct after all of the above
SELECT (rapport_warmth(s, '2026-11-16 12:00+00')).band FROM one;
