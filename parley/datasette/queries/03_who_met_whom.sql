-- title: Who met whom
-- description: Pairs of people who took part in the same meeting, with how many meetings (held, planned, cancelled) and their first and last. Leave the name empty for the 100 pairs who met most, or type part of a name to see everyone that person met.
-- meeting_pairs holds each pair in both orders: with no name, one order (a < b);
-- with a name, the order that puts the named person first.
SELECT a.name AS person, b.name AS met, pair.meetings, pair.held, pair.planned, pair.cancelled,
  parley_date(pair.first_date_start, pair.first_date_end) AS first,
  pair.first_meeting AS first_meeting_id,
  parley_date(pair.last_date_start, pair.last_date_end) AS last,
  pair.last_meeting AS last_meeting_id
FROM meeting_pairs pair
JOIN people a ON a.person_id = pair.person_a
JOIN people b ON b.person_id = pair.person_b
WHERE (:name = '' AND pair.person_a < pair.person_b)
  OR (:name != '' AND (a.name LIKE '%' || :name || '%' OR a.person_id = :name))
-- julianday(start) + julianday(end): the order of the middle days, computed in SQLite.
ORDER BY pair.meetings DESC,
  julianday(pair.last_date_start) + julianday(pair.last_date_end) DESC, a.name, b.name
LIMIT 100
