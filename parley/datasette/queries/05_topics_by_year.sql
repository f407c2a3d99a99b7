-- title: Topics by year
-- description: For each year, the topics most discussed at meetings (and most spoken of in articles that year). Leave the topic empty for the top five of every year, or type part of a topic's name to follow it over the years ("Syria", "arms control").
SELECT ty.year, ty.topic_id, t.label AS topic, ty.meetings, ty.articles, ty.rank_in_year
FROM topic_years ty
JOIN topics t ON t.topic_id = ty.topic_id
WHERE (:topic = '' AND ty.rank_in_year <= 5)
  OR (:topic != '' AND (ty.topic_id = :topic OR t.label LIKE '%' || :topic || '%'))
ORDER BY ty.year DESC, ty.rank_in_year
LIMIT 1000
