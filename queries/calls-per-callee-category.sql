-- Calls and SMS per callee category (from the number directory), per day, busiest first.
SELECT CAST(minute AS DATE) AS day,
       value                AS category,
       sum(cdrs)            AS records,
       round(sum(voice_seconds) / 60.0, 1) AS voice_minutes
FROM traffic
WHERE dimension = 'category'
GROUP BY day, category
ORDER BY day, records DESC;
