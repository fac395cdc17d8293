-- Calls and SMS per callee country (ISO code), over every day kept, busiest first, with each country's share.
SELECT value                                              AS country,
       sum(cdrs)                                          AS records,
       round(sum(voice_seconds) / 60.0, 1)                AS voice_minutes,
       round(100.0 * sum(cdrs) / sum(sum(cdrs)) OVER (), 2) AS share_pct
FROM traffic
WHERE dimension = 'callee_country'
GROUP BY country
ORDER BY records DESC;
