-- Offers whose delivery failed or expired, per channel and day, with the last error seen.
SELECT channel,
       CAST(updated_utc AS DATE) AS day,
       count(DISTINCT offer_id)  AS offers,
       any_value(error)          AS an_error
FROM deliveries
WHERE status IN ('failed', 'expired')
GROUP BY channel, day
ORDER BY day, offers DESC;
