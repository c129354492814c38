-- name: Negotiation articles with their talks
-- Which talks, between whom, mediated by whom, where — and the sentence that says so.
SELECT t.parties, t.mediators, t.city, t.date, t.round, t.status, left(t.sentence, 70) || '…' AS source_sentence
FROM talks t JOIN articles_current a USING (article_id, version)
WHERE t.ordinal = 0
ORDER BY a.published DESC, a.title;

-- name: Who said what
SELECT q.speaker, left(q.text, 80) AS quote, a.title
FROM quotes q JOIN articles_current a USING (article_id, version)
WHERE q.speaker IS NOT NULL
ORDER BY a.published DESC, q.ordinal
LIMIT 10;

-- name: Boilerplate removed, by rule
SELECT rule_id, kind, count(*) AS lines, any_value(text) AS example
FROM removed_lines
GROUP BY rule_id, kind
ORDER BY lines DESC, rule_id;

-- name: Stories republished by several outlets
SELECT c.cluster_id, count(*) AS copies, string_agg(a.site_name || ': ' || a.title, ' | ') AS versions
FROM cluster_members c JOIN articles_current a USING (article_id)
GROUP BY c.cluster_id
HAVING count(*) > 1
ORDER BY copies DESC;

-- name: Errors of the latest run, by feed or URL
SELECT stage, kind, coalesce(feed_id, url) AS against, message
FROM errors
WHERE run_id = (SELECT run_id FROM runs ORDER BY started_at DESC LIMIT 1)
ORDER BY stage, against;
