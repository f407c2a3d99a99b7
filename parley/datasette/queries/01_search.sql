-- title: Search articles and evidence quotes
-- description: Full-text search over article titles and texts and over the quotes that show each meeting. Words are matched whole (with their endings: "meet" finds "meeting"); put a phrase in double quotes. Matches are highlighted.
-- Why private-use characters as markers: they never occur in the texts, and the
-- instance turns them into highlights; other output formats can strip them.
SELECT found_in, article_id, meeting_id, title, published, match FROM (
  SELECT 'article' AS found_in, a.article_id, NULL AS meeting_id, a.title,
    parley_date(a.published_start, a.published_end, a.published_basis) AS published,
    snippet(articles_fts, -1, char(57344), char(57345), '…', 24) AS match
  FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid
  WHERE :q != '' AND articles_fts MATCH escape_fts(:q)
  ORDER BY articles_fts.rank
  LIMIT 100
)
UNION ALL
SELECT found_in, article_id, meeting_id, title, published, match FROM (
  SELECT 'evidence quote' AS found_in, am.article_id, am.meeting_id, m.title,
    parley_date(a.published_start, a.published_end, a.published_basis) AS published,
    snippet(article_meetings_fts, -1, char(57344), char(57345), '…', 24) AS match
  FROM article_meetings_fts
  JOIN article_meetings am ON am.rowid = article_meetings_fts.rowid
  JOIN meetings m ON m.meeting_id = am.meeting_id
  JOIN articles a ON a.article_id = am.article_id
  WHERE :q != '' AND article_meetings_fts MATCH escape_fts(:q)
  ORDER BY article_meetings_fts.rank
  LIMIT 100
)
