-- rapport's warmth (no network context) as a CRM engineer would write it in SQL: the same
-- features and parameters as include/rapport/model.hpp's features_of and state.hpp's absorb.
-- run.sh substitutes the :names from the model's parameters. Rows are numbered (id) in
-- (contact, time) order, as exported; same-second rows keep that order, as in the library.
WITH distinct_rows AS (  -- a record synced twice (same second, channel and direction) counts once
  SELECT contact, id, at, channel, direction
  FROM (SELECT i.*, row_number() OVER (PARTITION BY contact, at, channel, direction ORDER BY id) AS copy
        FROM interactions i) t
  WHERE copy = 1),
ordered AS (  -- turn-taking needs each row's predecessor and where the last non-outbound row is
  SELECT contact, id, at, direction,
         (ARRAY[:weights]::float8[])[channel + 1] AS w,
         at - lag(at) OVER w AS gap,
         lag(direction) OVER w AS prev_dir,
         max(CASE WHEN direction <> 0 THEN id END) OVER (PARTITION BY contact) AS last_other
  FROM distinct_rows
  WINDOW w AS (PARTITION BY contact ORDER BY at, id)),
tallies AS (
  SELECT contact,
         min(at)::float8 AS first,
         max(at)::float8 AS last,
         max(at) FILTER (WHERE direction = 1) AS last_in,
         count(*) FILTER (WHERE gap IS NULL OR gap > :session_gap) AS conversations,
         count(*) FILTER (WHERE direction = 0 AND prev_dir IS DISTINCT FROM 0) AS outreach,
         count(*) FILTER (WHERE direction <> 0 AND prev_dir = 0 AND gap <= :reply_window_days * 86400) AS answered,
         -- the unanswered run: the outbound rows after the last other one, in outreaches (a new
         -- one when more than the session gap after the previous row), at most 255
         count(*) FILTER (WHERE id > coalesce(last_other, -1)) AS final_run,
         count(*) FILTER (WHERE id > coalesce(last_other, -1) AND prev_dir = 0 AND gap > :session_gap) AS run_extra,
         coalesce(sum(w * power(2::float8, -(:now - at) * :inv_short)) FILTER (WHERE direction <> 0), 0) AS in_s,
         coalesce(sum(w * power(2::float8, -(:now - at) * :inv_long)) FILTER (WHERE direction <> 0), 0) AS in_l,
         coalesce(sum(w * power(2::float8, -(:now - at) * :inv_short)) FILTER (WHERE direction <> 1), 0) AS out_s,
         coalesce(sum(w * power(2::float8, -(:now - at) * :inv_long)) FILTER (WHERE direction <> 1), 0) AS out_l
  FROM ordered
  GROUP BY contact),
features AS (
  SELECT contact,
         ln(1 + (:now - last) / 86400::float8) AS x0,
         ln(1 + CASE WHEN last_in IS NULL THEN :inbound_cap_days * 86400::float8
                     ELSE least((:now - last_in)::float8, :inbound_cap_days * 86400::float8) END / 86400::float8) AS x1,
         ln(1 + in_s) AS x2,
         ln(1 + in_l) AS x3,
         ln(1 + out_s) AS x4,
         ln(1 + out_l) AS x5,
         CASE WHEN in_l + out_l > 0 THEN (in_l - out_l) / (in_l + out_l) ELSE 0 END AS x6,
         (answered + 1)::float8 / (outreach + 2) AS x7,
         ln(1 + CASE WHEN final_run > 0 THEN least(255, 1 + run_extra) ELSE 0 END) AS x8,
         least((:now - last) / greatest(CASE WHEN conversations >= 2 THEN (last - first) / (conversations - 1)
                                             ELSE :prior_gap_days * 86400::float8 END, :session_gap), 20) AS x9,
         ln(1 + (last - first) / 86400::float8) AS x10,
         ln(1 + conversations::float8) AS x11
  FROM tallies)
SELECT contact,
       100 / (1 + exp(-(:intercept + :beta0 * x0 + :beta1 * x1 + :beta2 * x2 + :beta3 * x3 + :beta4 * x4 + :beta5 * x5
                        + :beta6 * x6 + :beta7 * x7 + :beta8 * x8 + :beta9 * x9 + :beta10 * x10 + :beta11 * x11))) AS score
FROM features
