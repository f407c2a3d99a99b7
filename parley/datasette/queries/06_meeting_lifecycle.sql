-- title: The life of a meeting
-- description: Every article that mentions a meeting, oldest first, with the status each reported (planned, held, cancelled), the date it gave and its words. Give the meeting's ID (m-…) or words of its title (the latest 20 meetings that match). Articles whose date is known only to a span sort at its middle and say so.
WITH chosen AS (
  SELECT meeting_id FROM meetings WHERE meeting_id = :meeting
  UNION
  SELECT meeting_id FROM (
    SELECT meeting_id FROM meetings
    WHERE :meeting != '' AND :meeting NOT GLOB 'm-*' AND title LIKE '%' || :meeting || '%'
    ORDER BY julianday(date_start) + julianday(date_end) DESC, meeting_id DESC
    LIMIT 20
  )
)
SELECT m.meeting_id, m.title AS meeting,
  parley_date(a.published_start, a.published_end, a.published_basis) AS published,
  am.article_id, a.title AS article,
  am.reported_status, parley_date(am.reported_date_start, am.reported_date_end) AS reported_date,
  am.date_expression, am.quote,
  m.status AS latest_status
FROM chosen
JOIN meetings m ON m.meeting_id = chosen.meeting_id
JOIN article_meetings am ON am.meeting_id = m.meeting_id
JOIN articles a ON a.article_id = am.article_id
-- julianday(start) + julianday(end) orders intervals by their middle day.
ORDER BY julianday(m.date_start) + julianday(m.date_end) DESC, m.meeting_id,
  julianday(a.published_start) + julianday(a.published_end), am.char_start
