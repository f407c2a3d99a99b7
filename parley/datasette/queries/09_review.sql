-- title: Review: meetings to check
-- description: For maintainers checking new data: meetings reported by only one article, meetings with an article whose publication date is unknown, and meetings with a participant not in the curated list of people. One row per meeting, the reasons in one column, newest first (the latest 200).
-- Each reason is a plain test over the package's tables; a meeting can have several.
-- Walks browse_meetings by its indexed sort_date (the middle day of the date interval)
-- and stops at 200 matches.
SELECT m.meeting_id, m.title AS meeting, parley_date(m.date_start, m.date_end) AS date,
  m.status, m.article_count AS articles, reasons
FROM (
  SELECT b.*, trim(
      CASE WHEN b.article_count = 1 THEN 'only one article; ' ELSE '' END
      -- A list made once (not a test per meeting: SQLite would walk every undated article).
      || CASE WHEN b.meeting_id IN (
           SELECT am.meeting_id FROM articles a JOIN article_meetings am ON am.article_id = a.article_id
           WHERE a.published_start IS NULL)
         THEN 'an undated article; ' ELSE '' END
      || coalesce('not curated: ' || (
           SELECT group_concat(p.name, ', ') FROM meeting_participants mp
           JOIN people p ON p.person_id = mp.person_id
           WHERE mp.meeting_id = b.meeting_id AND NOT p.curated), ''),
      '; ') AS reasons
  FROM browse_meetings b
) m
WHERE reasons != ''
ORDER BY m.sort_date IS NULL, m.sort_date DESC, m.meeting_id
LIMIT 200
