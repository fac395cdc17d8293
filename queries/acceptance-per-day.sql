-- Each campaign's acceptance per day: offers sent and accepted, and the held-out group's conversions beside them.
SELECT d.campaign,
       CAST(d.decided_utc AS DATE)                                              AS day,
       count(*) FILTER (WHERE d.outcome = 'sent')                               AS sent,
       count(*) FILTER (WHERE d.outcome = 'sent' AND r.response = 'accepted')   AS accepted,
       round(100.0 * count(*) FILTER (WHERE d.outcome = 'sent' AND r.response = 'accepted')
             / nullif(count(*) FILTER (WHERE d.outcome = 'sent'), 0), 1)        AS acceptance_pct,
       count(*) FILTER (WHERE d.outcome = 'held_out')                           AS held_out,
       count(*) FILTER (WHERE d.outcome = 'held_out' AND r.response = 'accepted') AS held_out_converted
FROM decisions d
LEFT JOIN responses r USING (offer_id)
GROUP BY d.campaign, day
ORDER BY d.campaign, day;
