-- title: Articles that mention a topic
-- description: Articles that speak of a topic, most mentions first (the top 200), with the sentence that first names it (its words highlighted). Type part of the topic's name or one of its aliases ("arms control", "START", "Syria").
WITH chosen AS (
  SELECT topic_id, label FROM topics
  WHERE :topic != '' AND (
    topic_id = :topic OR label LIKE '%' || :topic || '%'
    OR ('|' || aliases || '|') LIKE '%' || :topic || '%'
  )
), top AS (
  SELECT article_id, topic_id, mentions, quote, char_start, char_end FROM article_topics
  WHERE topic_id IN (SELECT topic_id FROM chosen)
  ORDER BY mentions DESC, article_id
  LIMIT 200
)
SELECT chosen.topic_id, chosen.label AS topic, top.article_id, a.title AS article,
  parley_date(a.published_start, a.published_end, a.published_basis) AS published, top.mentions,
  parley_sentence(a.text, top.char_start, top.char_end) AS sentence
FROM top
JOIN chosen ON chosen.topic_id = top.topic_id
JOIN articles a ON a.article_id = top.article_id
ORDER BY top.mentions DESC, julianday(a.published_start) + julianday(a.published_end) DESC,
  top.article_id
