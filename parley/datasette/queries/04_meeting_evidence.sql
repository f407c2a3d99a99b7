-- title: Meetings with their evidence
-- description: Meetings with the exact words of every article that reports them, the article's title and date, and the status it reported: the latest 50 meetings, or those whose title has the words you give ("Lavrov", "Washington", "2019").
-- browse_meetings.sort_date is the middle day of each meeting's date interval, indexed.
WITH chosen AS (
  SELECT meeting_id, title, date_start, date_end, status, sort_date
  FROM browse_meetings
  WHERE :title = '' OR title LIKE '%' || :title || '%'
  ORDER BY sort_date DESC, meeting_id DESC
  LIMIT 50
)
SELECT c.meeting_id, c.title AS meeting, parley_date(c.date_start, c.date_end) AS date, c.status,
  am.quote, am.reported_status, am.date_expression,
  am.article_id, a.title AS article,
  parley_date(a.published_start, a.published_end, a.published_basis) AS published
FROM chosen c
JOIN article_meetings am ON am.meeting_id = c.meeting_id
JOIN articles a ON a.article_id = am.article_id
ORDER BY c.sort_date IS NULL, c.sort_date DESC, c.meeting_id DESC,
  julianday(a.published_start) + julianday(a.published_end), a.article_id
