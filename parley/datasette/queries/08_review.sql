-- title: Review: meetings to check
-- description: For maintainers checking new data: meetings reported by only one article, meetings with an article whose publication date is unknown, and meetings with a participant not in the curated list of people. One row per meeting, the reasons in one column, newest first (the latest 500).
-- Each reason is a plain test over the package's tables; a meeting can have several.
WITH flags AS (
  SELECT m.meeting_id,
    m.article_count = 1 AS one_article,
    EXISTS (SELECT 1 FROM article_meetings am JOIN articles a ON a.article_id = am.article_id
            WHERE am.meeting_id = m.meeting_id AND a.published_start IS NULL) AS undated_article,
    (SELECT group_concat(p.name, ', ') FROM meeting_participants mp
       JOIN people p ON p.person_id = mp.person_id
     WHERE mp.meeting_id = m.meeting_id AND NOT p.curated) AS not_curated
  FROM meetings m
)
SELECT m.meeting_id, m.title AS meeting, parley_date(m.date_start, m.date_end) AS date, m.status,
  m.article_count AS articles,
  trim(
    CASE WHEN f.one_article THEN 'only one article; ' ELSE '' END
    || CASE WHEN f.undated_article THEN 'an undated article; ' ELSE '' END
    || CASE WHEN f.not_curated IS NOT NULL THEN 'not curated: ' || f.not_curated ELSE '' END,
    '; ') AS reasons
FROM flags f JOIN meetings m ON m.meeting_id = f.meeting_id
WHERE f.one_article OR f.undated_article OR f.not_curated IS NOT NULL
ORDER BY parley_date_sort(m.date_start, m.date_end) IS NULL,
  parley_date_sort(m.date_start, m.date_end) DESC, m.meeting_id
LIMIT 500
