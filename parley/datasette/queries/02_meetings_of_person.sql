-- title: All meetings of a person
-- description: Every meeting a person took part in, newest first, with the others who were there (the latest 200). Type part of a name ("Lavrov", "Pompeo"). Dates are intervals: "May 2017" means some day in May 2017.
SELECT m.meeting_id, parley_date(m.date_start, m.date_end) AS date, m.title AS meeting,
  m.kind, m.status, pl.name AS place, m.country,
  p.name AS person,
  (SELECT group_concat(o.name, ', ') FROM meeting_participants op
     JOIN people o ON o.person_id = op.person_id
   WHERE op.meeting_id = m.meeting_id AND op.person_id != p.person_id) AS met,
  m.article_count AS articles
FROM people p
JOIN meeting_participants mp ON mp.person_id = p.person_id
JOIN meetings m ON m.meeting_id = mp.meeting_id
LEFT JOIN places pl ON pl.place_id = m.place_id
WHERE :name != '' AND (p.name LIKE '%' || :name || '%' OR p.person_id = :name)
-- julianday(start) + julianday(end) orders intervals as their middle day does
-- (parley_date_sort), in SQLite itself, which is faster than a Python function per row.
ORDER BY m.date_start IS NULL, julianday(m.date_start) + julianday(m.date_end) DESC, m.meeting_id
LIMIT 200
