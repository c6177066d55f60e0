-- A trigger keeps each contact's state current as interactions arrive (the example of
-- docs/POSTGRESQL.md), and ends with the same states as the aggregate over the whole history.
CREATE TABLE crm_interactions (id bigserial PRIMARY KEY, contact_id bigint NOT NULL, at timestamptz NOT NULL,
                               channel text NOT NULL, direction text NOT NULL);
CREATE TABLE crm_contacts (contact_id bigint PRIMARY KEY, state rapport_state NOT NULL);

CREATE FUNCTION crm_absorb() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO crm_contacts AS c (contact_id, state)
  VALUES (NEW.contact_id, rapport_absorb(NULL, NEW.at, NEW.channel, NEW.direction))
  ON CONFLICT (contact_id) DO UPDATE SET state = rapport_absorb(c.state, NEW.at, NEW.channel, NEW.direction);
  RETURN NEW;
END $$;
CREATE TRIGGER crm_absorb AFTER INSERT ON crm_interactions FOR EACH ROW EXECUTE FUNCTION crm_absorb();

-- Rows arrive in time order, in batches, as a CRM would write them.
INSERT INTO crm_interactions (contact_id, at, channel, direction)
  SELECT contact_id, at, channel, direction FROM interactions WHERE at < '2026-01-01' ORDER BY at, seq;
INSERT INTO crm_interactions (contact_id, at, channel, direction)
  SELECT contact_id, at, channel, direction FROM interactions WHERE at >= '2026-01-01' ORDER BY at, seq;

SELECT count(*) AS contacts,
       count(*) FILTER (WHERE c.state::text = g.state::text) AS same_as_aggregate,
       count(*) FILTER (WHERE c.state::text = e.state) AS same_as_cpp
FROM crm_contacts c JOIN got g USING (contact_id) JOIN ref_expected e USING (contact_id);

-- An interaction older than the state cannot be folded in: the insert fails and nothing changes.
SELECT state AS before FROM crm_contacts WHERE contact_id = 7 \gset
INSERT INTO crm_interactions (contact_id, at, channel, direction) VALUES (7, '2020-01-01 00:00+00', 'email', 'inbound');
SELECT state::text = :'before' AS unchanged FROM crm_contacts WHERE contact_id = 7;
SELECT count(*) AS rows_kept FROM crm_interactions;

-- A new interaction moves warmth: a reply today warms the contact.
SELECT (rapport_warmth(state, '2026-11-16 12:00+00')).score AS before_score FROM crm_contacts WHERE contact_id = 7 \gset
INSERT INTO crm_interactions (contact_id, at, channel, direction) VALUES (7, '2026-11-16 11:00+00', 'meeting', 'mutual');
SELECT (rapport_warmth(state, '2026-11-16 12:00+00')).score > :before_score AS warmer FROM crm_contacts WHERE contact_id = 7;

-- The daily query of README.md and docs/POSTGRESQL.md, with a fixed "now": the follow-ups due
-- today, each on the contact's own calendar, warmest first.
SELECT c.contact_id, round(w.score::numeric, 1) AS score, w.band, w.stage, r.action, r.best_local
FROM ref_contacts c
JOIN crm_contacts s USING (contact_id),
     LATERAL rapport_warmth(s.state, '2026-11-16 12:00+00') w,
     LATERAL rapport_recommend(s.state, '2026-11-16 12:00+00', c.constraints) r
WHERE r.best < date_trunc('day', timestamptz '2026-11-16 12:00+00') + interval '1 day'
ORDER BY w.score DESC, c.contact_id
LIMIT 8;
