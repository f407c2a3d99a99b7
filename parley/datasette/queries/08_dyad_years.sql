-- title: Meetings between two countries, year by year
-- description: How often officials of two countries met each year (the dyad_years table), with their Correlates of War numbers for joins with dyad-year panels. Leave both countries empty for every pair, or type part of a name or a code (Russia, US); with one country, its every partner.
SELECT d.year, a.name AS country_a, b.name AS country_b, d.country_a AS code_a, d.country_b AS code_b,
  d.cow_code_a, d.cow_code_b, d.meetings, d.held, d.planned, d.cancelled,
  d.held_leaders, d.held_calls, d.first_meeting_id, d.last_meeting_id
FROM dyad_years d
JOIN countries a ON a.country = d.country_a
JOIN countries b ON b.country = d.country_b
WHERE (:country = '' OR a.name LIKE '%' || :country || '%' OR b.name LIKE '%' || :country || '%'
       OR d.country_a = upper(:country) OR d.country_b = upper(:country))
  AND (:other = '' OR a.name LIKE '%' || :other || '%' OR b.name LIKE '%' || :other || '%'
       OR d.country_a = upper(:other) OR d.country_b = upper(:other))
ORDER BY d.year DESC, d.meetings DESC, d.country_a, d.country_b
LIMIT 500
