-- The extension answers what the C++ API answers on the same histories. rapport_pg_reference
-- wrote a generated data set and, for each contact, the C++ state, warmth and window.
CREATE EXTENSION rapport;
\getenv abs_builddir PG_ABS_BUILDDIR
\set rows_file :abs_builddir '/data/interactions.tsv'
\set contacts_file :abs_builddir '/data/contacts.tsv'
\set expected_file :abs_builddir '/data/expected.tsv'

-- seq keeps the file's order: rows of one contact at the same second are folded in that order.
CREATE TABLE ref_rows (seq bigserial, contact_id bigint, at bigint, channel text, direction text, duration float8);
COPY ref_rows (contact_id, at, channel, direction, duration) FROM :'rows_file';
CREATE TABLE ref_contacts (contact_id bigint PRIMARY KEY, constraints jsonb);
COPY ref_contacts FROM :'contacts_file';
CREATE TABLE ref_expected (contact_id bigint PRIMARY KEY, state text, score float8, band text, stage text,
                           earliest bigint, best bigint, latest bigint, action text);
COPY ref_expected FROM :'expected_file';

CREATE TABLE interactions AS
  SELECT seq, contact_id, to_timestamp(at) AS at, channel, direction, make_interval(secs => duration) AS duration
  FROM ref_rows;

CREATE TABLE got AS
  SELECT contact_id, rapport_agg(at, channel, direction, duration ORDER BY at, seq) AS state
  FROM interactions GROUP BY contact_id;

-- States are byte-identical to the C++ contact_state's serialization.
SELECT count(*) AS contacts, count(*) FILTER (WHERE g.state::text = e.state) AS same_state
FROM ref_expected e LEFT JOIN got g USING (contact_id);

-- Warmth, band and stage at the reference time.
SELECT count(*) FILTER (WHERE abs(w.score - e.score) <= 1e-9) AS same_score,
       count(*) FILTER (WHERE w.band = e.band) AS same_band,
       count(*) FILTER (WHERE w.stage = e.stage) AS same_stage
FROM ref_expected e JOIN got g USING (contact_id),
     LATERAL rapport_warmth(g.state, '2026-11-16 12:00:00+00') w;

-- The follow-up window with each contact's zone, calendar, leave and dates.
SELECT count(*) FILTER (WHERE coalesce(extract(epoch FROM r.earliest)::bigint, 0) = e.earliest
                          AND coalesce(extract(epoch FROM r.best)::bigint, 0) = e.best
                          AND coalesce(extract(epoch FROM r.latest)::bigint, 0) = e.latest) AS same_window,
       count(*) FILTER (WHERE r.action = e.action) AS same_action
FROM ref_expected e JOIN got g USING (contact_id) JOIN ref_contacts c USING (contact_id),
     LATERAL rapport_recommend(g.state, '2026-11-16 12:00:00+00', c.constraints) r;

-- The variety the data set covers, so that the counts above mean something.
SELECT band, count(*) FROM ref_expected GROUP BY band ORDER BY band;
SELECT stage, count(*) FROM ref_expected GROUP BY stage ORDER BY stage;
SELECT action, count(*) FROM ref_expected GROUP BY action ORDER BY action;

-- The text form reads back to the same state; explain agrees with warmth.
SELECT count(*) FILTER (WHERE state::text::rapport_state::text = state::text) AS round_trip,
       count(*) FILTER (WHERE (rapport_explain(state, '2026-11-16 12:00:00+00')->>'score')::float8
                              = (rapport_warmth(state, '2026-11-16 12:00:00+00')).score) AS explain_agrees
FROM got;

-- The aggregate over no rows is NULL, like sum().
SELECT rapport_agg(at, channel, direction ORDER BY at) IS NULL AS empty_is_null FROM interactions WHERE false;

-- One explanation in full, for people reading this file.
SELECT jsonb_pretty(rapport_explain(state, '2026-11-16 12:00:00+00')) FROM got WHERE contact_id = 7;
SELECT (rapport_recommend(state, '2026-11-16 12:00:00+00', c.constraints)).*
FROM got JOIN ref_contacts c USING (contact_id) WHERE contact_id = 7;

-- Binary COPY (send / receive) keeps states intact.
\set bin_file :abs_builddir '/data/states.bin'
COPY (SELECT contact_id, state FROM got) TO :'bin_file' (FORMAT binary);
CREATE TABLE got_binary (contact_id bigint, state rapport_state);
COPY got_binary FROM :'bin_file' (FORMAT binary);
SELECT count(*) FILTER (WHERE b.state::text = g.state::text) AS same_after_binary_copy
FROM got g JOIN got_binary b USING (contact_id);
