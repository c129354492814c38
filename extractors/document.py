"""A fetched page turned into everything Parley stores about it, with no I/O.

This is the whole per-page pipeline — main text, boilerplate, identity keys,
negotiation fields — as one pure function, so the poll flow, the backfill and
``parley reprocess`` (which re-reads stored raw pages) all run exactly the same code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from extractors.dedupe import content_hash
from extractors.negotiation import extract_fields
from extractors.records import ArticleText, NegotiationFields
from extractors.text import extract_article
from extractors.urls import article_id, canonical_url


@dataclass(frozen=True)
class Document:
    """One page's article and fields, keyed for exact dedupe."""

    url: str  # the URL we asked for (a feed link, a sitemap URL)
    final_url: str  # after redirects
    canonical_url: str
    article_id: str
    content_hash: str
    article: ArticleText
    fields: NegotiationFields


def build_document(
    body: bytes,
    *,
    url: str,
    final_url: str | None = None,
    content_type: str | None = None,
    fallback_published: dt.date | None = None,
) -> Document:
    """Extract, clean, key and read one page.

    Args:
        body: the raw page bytes as fetched.
        url: the URL that was requested.
        final_url: the URL after redirects (default: ``url``).
        content_type: the Content-Type header, for the declared charset.
        fallback_published: the feed entry's date, used when the page states none.

    Returns:
        The document; problems of every stage travel inside ``article`` and ``fields``.
    """
    final = final_url or url
    article = extract_article(body, final, content_type=content_type)
    canonical = canonical_url(final, page_canonical=article.canonical_url)
    published = article.published or fallback_published
    fields = extract_fields(article.text, published, language=article.language)
    return Document(
        url=url,
        final_url=final,
        canonical_url=canonical,
        article_id=article_id(canonical),
        content_hash=content_hash(article.text),
        article=article,
        fields=fields,
    )
