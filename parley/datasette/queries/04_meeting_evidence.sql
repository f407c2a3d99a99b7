-- title: Meetings with their evidence
-- description: Meetings with the exact words of every article that reports them, the article's title and date, and the status it reported: the latest 50 meetings, or those whose title has the words you give ("Lavrov", "Washington", "2019").
WITH chosen AS (
  SELECT meeting_id, title, date_start, status FROM meetings
  WHERE :title = '' OR title LIKE '%' || :title || '%'
  ORDER BY date_start DESC, meeting_id DESC
  LIMIT 50
)
SELECT c.meeting_id, c.title AS meeting, c.date_start, c.status,
  am.quote, am.reported_status, am.date_expression,
  am.article_id, a.title AS article, a.published_start AS published
FROM chosen c
JOIN article_meetings am ON am.meeting_id = c.meeting_id
JOIN articles a ON a.article_id = am.article_id
ORDER BY c.date_start DESC, c.meeting_id DESC, a.published_start
