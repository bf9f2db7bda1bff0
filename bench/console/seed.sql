-- 100,000 alerts over the last 12 months (with their reports and timeline events) for the
-- dashboard benchmark. Run on a fresh database migrated by the backend (geography loaded).
-- Deterministic apart from now(): setseed.
\set ON_ERROR_STOP on
SELECT setseed(0.4242);

CREATE TEMP TABLE cats AS
  SELECT id, service_id, deadline_hours, row_number() OVER (ORDER BY id) AS rn FROM category WHERE enabled;
CREATE TEMP TABLE qs AS
  SELECT code, ST_PointOnSurface(geom) AS p, row_number() OVER (ORDER BY code) AS rn FROM quartier;

INSERT INTO alert (category_id, service_id, status, position, quartier_code, address, report_count,
                   first_report_at, last_report_at, due_at, channel, qualified_at, assigned_at, resolved_at,
                   closed_at, reopened_count, reject_reason, forwarded_to)
SELECT cat, svc,
       CASE WHEN res IS NOT NULL AND res + interval '1 day' < now() AND rc < 0.6 THEN 'CLOSED'
            WHEN res IS NOT NULL THEN 'RESOLVED'
            WHEN rx < 0.04 THEN 'REJECTED'
            WHEN rx < 0.06 THEN 'FORWARDED'
            WHEN asg IS NOT NULL AND rc < 0.5 THEN 'IN_PROGRESS'
            WHEN asg IS NOT NULL THEN 'ASSIGNED'
            WHEN qual IS NOT NULL THEN 'QUALIFIED'
            ELSE 'NEW' END,
       ST_SetSRID(ST_Translate(qp, (rx - 0.5) * 0.004, (rc - 0.5) * 0.003), 4326), qcode, 'Adresse de test',
       CASE WHEN rrep < 0.3 THEN 2 + floor(rrep * 10)::int ELSE 1 END,
       first, first, first + make_interval(hours => dh), ch, qual, asg, res,
       CASE WHEN res IS NOT NULL AND res + interval '1 day' < now() AND rc < 0.6 THEN res + interval '1 day' END,
       CASE WHEN res IS NOT NULL AND rre < 0.06 THEN 1 ELSE 0 END,
       CASE WHEN res IS NULL AND rx < 0.04 THEN 'NOT_A_PROBLEM' END,
       CASE WHEN res IS NULL AND rx >= 0.04 AND rx < 0.06 THEN 'RATP' END
FROM (
  SELECT s.*,
         CASE WHEN s.asg IS NOT NULL AND rr < 0.82 AND s.asg + rr * interval '300 hours' < now() THEN s.asg + rr * interval '300 hours' END AS res
  FROM (
    SELECT t.*,
           CASE WHEN t.qual IS NOT NULL AND ra < 0.9 AND t.qual + ra * interval '80 hours' < now() THEN t.qual + ra * interval '80 hours' END AS asg
    FROM (
      SELECT g.*, c.id AS cat, c.service_id AS svc, c.deadline_hours AS dh, q.code AS qcode, q.p AS qp,
             CASE WHEN rch < 0.7 THEN 'pwa' WHEN rch < 0.85 THEN 'phone' WHEN rch < 0.93 THEN 'counter'
                  WHEN rch < 0.97 THEN 'email' WHEN rch < 0.99 THEN 'mail' ELSE 'open311' END AS ch,
             CASE WHEN rq < 0.94 AND g.first + rq * interval '50 hours' < now() THEN g.first + rq * interval '50 hours' END AS qual
      FROM (
        SELECT i, now() - random() * interval '365 days' AS first,
               1 + floor(random() * (SELECT count(*) FROM cats))::int AS cat_rn,
               1 + floor(random() * (SELECT count(*) FROM qs))::int AS q_rn,
               random() AS rq, random() AS ra, random() AS rr, random() AS rc, random() AS rx,
               random() AS rch, random() AS rre, random() AS rrep
        FROM generate_series(1, 100000) i
      ) g
      JOIN cats c ON c.rn = g.cat_rn
      JOIN qs q ON q.rn = g.q_rn
    ) t
  ) s
) x
-- In arrival order, as a live system writes them (ids and index pages follow time).
ORDER BY first;

-- A few duplicates merged by dispatchers.
UPDATE alert SET merged_into_id = id - 1, status = 'REJECTED', reject_reason = 'DUPLICATE'
WHERE id % 97 = 0 AND resolved_at IS NULL AND id > 1;

INSERT INTO report (tracking_number, alert_id, category_id, position, channel, received_at, due_at, quartier_code, address)
SELECT 'BENCH-' || a.id || '-' || k, a.id, a.category_id, a.position,
       CASE WHEN k = 1 THEN a.channel ELSE 'pwa' END,
       a.first_report_at + (k - 1) * random() * interval '2 days', a.due_at, a.quartier_code, a.address
FROM alert a, generate_series(1, a.report_count) k;

UPDATE alert a SET last_report_at = r.m FROM (SELECT alert_id, max(received_at) m FROM report GROUP BY alert_id) r WHERE r.alert_id = a.id;

-- Timeline: creation, each step reached, reopen events.
INSERT INTO alert_event (alert_id, at, type, actor, to_status) SELECT id, first_report_at, 'CREATED', 'citoyen', 'NEW' FROM alert;
INSERT INTO alert_event (alert_id, at, type, actor, from_status, to_status) SELECT id, qualified_at, 'TRANSITION', 'régulation', 'NEW', 'QUALIFIED' FROM alert WHERE qualified_at IS NOT NULL;
INSERT INTO alert_event (alert_id, at, type, actor, from_status, to_status) SELECT id, assigned_at, 'TRANSITION', 'régulation', 'QUALIFIED', 'ASSIGNED' FROM alert WHERE assigned_at IS NOT NULL;
INSERT INTO alert_event (alert_id, at, type, actor, from_status, to_status) SELECT id, resolved_at, 'TRANSITION', 'agent', 'IN_PROGRESS', 'RESOLVED' FROM alert WHERE resolved_at IS NOT NULL;
INSERT INTO alert_event (alert_id, at, type, actor, from_status, to_status) SELECT id, resolved_at + interval '3 days', 'REOPENED', 'citoyen', 'RESOLVED', 'QUALIFIED' FROM alert WHERE reopened_count > 0;

VACUUM ANALYZE alert;
VACUUM ANALYZE report;
VACUUM ANALYZE alert_event;

SELECT (SELECT count(*) FROM alert) AS alerts, (SELECT count(*) FROM report) AS reports, (SELECT count(*) FROM alert_event) AS events;
