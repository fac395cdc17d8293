-- Voice calls and their average duration per hour of the day (UTC, event time), over every day kept.
SELECT hour(minute)                                      AS hour_of_day,
       sum(cdrs)                                         AS calls,
       round(sum(voice_seconds) / 60.0, 1)               AS voice_minutes,
       round(sum(voice_seconds) / nullif(sum(cdrs), 0), 1) AS average_seconds
FROM traffic
WHERE dimension = 'type' AND value = 'voice'
GROUP BY hour_of_day
ORDER BY hour_of_day;
