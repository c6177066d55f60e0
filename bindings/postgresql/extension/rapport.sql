-- rapport extension objects. Installed as rapport--<version>.sql by CMake.
\echo Use "CREATE EXTENSION rapport" to load this file. \quit

-- The state of one contact: the library's serialized contact_state (magic, format version, 64
-- bytes of fields, CRC-32), 76 bytes, fixed length. Its text form is 152 hex digits; input checks
-- length, digits, version, checksum and fields, so a corrupt value is refused, never scored.
CREATE TYPE rapport_state;
CREATE FUNCTION rapport_state_in(cstring) RETURNS rapport_state
  AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION rapport_state_out(rapport_state) RETURNS cstring
  AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION rapport_state_recv(internal) RETURNS rapport_state
  AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION rapport_state_send(rapport_state) RETURNS bytea
  AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE rapport_state (
  INPUT = rapport_state_in, OUTPUT = rapport_state_out,
  RECEIVE = rapport_state_recv, SEND = rapport_state_send,
  INTERNALLENGTH = 76, ALIGNMENT = char, STORAGE = plain);

CREATE TYPE rapport_warmth AS (score float8, band text, stage text);
CREATE TYPE rapport_window AS (
  earliest timestamptz, best timestamptz, latest timestamptz,
  action text, stage text, reply_chance float8, best_local text, reasons text[]);

-- Folding interactions. Not STRICT: a NULL argument gets an error naming it instead of being
-- skipped silently (a skipped row would mis-score the contact).
CREATE FUNCTION rapport_agg_step(internal, timestamptz, text, text) RETURNS internal
  AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rapport_agg_step(internal, timestamptz, text, text, interval) RETURNS internal
  AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rapport_agg_final(internal) RETURNS rapport_state
  AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;

-- No combine function: a contact's rows must be folded in time order by one process. Parallel
-- plans still work when the table is partitioned by contact (see docs/POSTGRESQL.md).
CREATE AGGREGATE rapport_agg(at timestamptz, channel text, direction text) (
  SFUNC = rapport_agg_step, STYPE = internal, FINALFUNC = rapport_agg_final, PARALLEL = SAFE);
CREATE AGGREGATE rapport_agg(at timestamptz, channel text, direction text, duration interval) (
  SFUNC = rapport_agg_step, STYPE = internal, FINALFUNC = rapport_agg_final, PARALLEL = SAFE);

-- A NULL state is a contact with no interaction yet (the first row of a trigger).
CREATE FUNCTION rapport_absorb(state rapport_state, at timestamptz, channel text, direction text)
  RETURNS rapport_state AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rapport_absorb(state rapport_state, at timestamptz, channel text, direction text, duration interval)
  RETURNS rapport_state AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;

-- Warmth uses the model compiled into the extension: the same inputs always give the same result.
CREATE FUNCTION rapport_warmth(state rapport_state, now timestamptz)
  RETURNS rapport_warmth AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rapport_warmth(state rapport_state, now timestamptz, horizon_days float8)
  RETURNS rapport_warmth AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rapport_explain(state rapport_state, now timestamptz)
  RETURNS jsonb AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;

-- STABLE, not IMMUTABLE: a zone name is resolved through the server's zoneinfo files, which a
-- tzdata upgrade changes.
CREATE FUNCTION rapport_recommend(state rapport_state, now timestamptz, constraints jsonb DEFAULT '{}')
  RETURNS rapport_window AS 'MODULE_PATHNAME' LANGUAGE C STABLE PARALLEL SAFE;
