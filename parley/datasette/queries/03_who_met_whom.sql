-- title: Who met whom
-- description: Pairs of people who took part in the same meeting, with how many meetings (held, planned, cancelled) and their first and last. Leave the name empty for the 100 pairs who met most, or type part of a name.
SELECT a.name AS person, b.name AS met, pair.meetings, pair.held, pair.planned, pair.cancelled,
  pair.first_date, pair.first_meeting AS first_meeting_id,
  pair.last_date, pair.last_meeting AS last_meeting_id
FROM meeting_pairs pair
JOIN people a ON a.person_id = pair.person_a
JOIN people b ON b.person_id = pair.person_b
WHERE :name = '' OR a.name LIKE '%' || :name || '%' OR b.name LIKE '%' || :name || '%'
ORDER BY pair.meetings DESC, pair.last_date DESC, a.name, b.name
LIMIT 100
