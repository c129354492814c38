"""Reading robots.txt, sitemaps, news sitemaps, RFC 5005 feed history and URL files (pure)."""

from __future__ import annotations

import datetime as dt
import gzip

from hypothesis import given
from hypothesis import strategies as st

from extractors.sitemaps import (
    DateWindow,
    children_in_window,
    date_window,
    feed_paging,
    pages_in_window,
    parse_sitemap,
    parse_url_list,
    parse_w3c_datetime,
    robots_sitemaps,
    site_root,
)

UTC = dt.UTC

ROBOTS = """# Example Herald
User-agent: *
Disallow: /search
Sitemap: https://www.example-herald.com/sitemap_index.xml
sitemap:   /news-sitemap.xml   # relative, lower-case field name
Sitemap: https://www.example-herald.com/sitemap_index.xml
Sitemap: ftp://files.example-herald.com/sitemap.xml
Sitemap:
"""

INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://www.example-herald.com/sitemaps/2025-05.xml</loc><lastmod>2025-05-31T22:10:00Z</lastmod></sitemap>
  <sitemap><loc>https://www.example-herald.com/sitemaps/2025-06.xml.gz</loc><lastmod>2025-06-30</lastmod></sitemap>
  <sitemap><loc>/sitemaps/2025-07.xml</loc><lastmod>2025-07-24T08:00:00+02:00</lastmod></sitemap>
  <sitemap><loc>https://www.example-herald.com/sitemaps/authors.xml</loc></sitemap>
</sitemapindex>"""

URLSET = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://www.example-herald.com/world/2025/07/01/geneva-talks</loc><lastmod>2025-07-01T09:00:00+00:00</lastmod>
       <changefreq>daily</changefreq></url>
  <url><loc>https://www.example-herald.com/world/2025/07/15/doha-round</loc><lastmod>2025-07-15</lastmod></url>
  <url><loc>https://www.example-herald.com/world/2025/07/31/late-night</loc><lastmod>2025-07-31T23:30:00-05:00</lastmod></url>
  <url><loc>https://www.example-herald.com/about</loc></url>
  <url><lastmod>2025-07-02</lastmod></url>
  <url><loc>https://www.example-herald.com/world/2025/07/15/doha-round</loc><lastmod>2025-07-15</lastmod></url>
  <url><loc>https://www.example-herald.com/odd-date</loc><lastmod>last Tuesday</lastmod></url>
</urlset>"""

NEWS = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url>
    <loc>https://www.example-herald.com/world/abu-dhabi-border-talks</loc>
    <lastmod>2025-07-20T10:00:00Z</lastmod>
    <news:news>
      <news:publication><news:name>Example Herald</news:name>
        <news:language>en</news:language></news:publication>
      <news:publication_date>2025-07-11T14:15:00+03:00</news:publication_date>
      <news:title>Armenia and Azerbaijan meet in Abu Dhabi over the border</news:title>
    </news:news>
  </url>
  <url>
    <loc>https://www.example-herald.com/world/mediator-named</loc>
    <news:news><news:publication_date>2025-07-19</news:publication_date>
      <news:title>Oman named mediator</news:title>
    </news:news>
  </url>
</urlset>"""

ARCHIVED_RSS = b"""<?xml version="1.0"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:fh="http://purl.org/syndication/history/1.0">
<channel><title>Herald: World</title><link>https://www.example-herald.com/</link>
<atom:link rel="self" href="https://www.example-herald.com/feeds/world.xml"/>
<atom:link rel="prev-archive" href="archive/2025-06.xml"/>
<item><title>Entry</title><link>https://www.example-herald.com/a</link>
  <atom:link rel="next" href="https://www.example-herald.com/not-the-feed-level-link"/></item>
</channel></rss>"""

ARCHIVE_DOC = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:fh="http://purl.org/syndication/history/1.0"
      xml:base="https://archive.example-herald.com/world/">
  <title>Herald: World, June 2025</title><id>urn:herald:world:2025-06</id>
  <updated>2025-06-30T23:00:00Z</updated>
  <fh:archive/>
  <link rel="current" href="https://www.example-herald.com/feeds/world.xml"/>
  <link rel="next-archive" href="2025-07.xml"/>
  <link rel="prev-archive" href="2025-05.xml"/>
</feed>"""

PAGED_ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Herald: Diplomacy</title><id>urn:herald:diplomacy</id><updated>2025-07-30T10:00:00Z</updated>
  <link rel="self" href="https://www.example-herald.com/feeds/diplomacy?page=2"/>
  <link rel="previous" href="https://www.example-herald.com/feeds/diplomacy?page=1"/>
  <link rel="next" href="https://www.example-herald.com/feeds/diplomacy?page=3"/>
</feed>"""

COMPLETE_ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:fh="http://purl.org/syndication/history/1.0">
  <title>Herald: Corrections</title><id>urn:herald:corrections</id><updated>2025-07-30T10:00:00Z</updated>
  <fh:complete/>
  <link rel="next" href="https://www.example-herald.com/feeds/corrections?page=2"/>
</feed>"""


def test_robots_lists_sitemaps_absolute_in_order_without_repeats() -> None:
    assert robots_sitemaps(ROBOTS, "https://www.example-herald.com/robots.txt") == (
        "https://www.example-herald.com/sitemap_index.xml",
        "https://www.example-herald.com/news-sitemap.xml",
    )
    assert robots_sitemaps("User-agent: *\nDisallow:\n", "https://x.example/robots.txt") == ()
    assert (
        site_root("https://www.example-herald.com:8443/feeds/world.xml?x=1")
        == "https://www.example-herald.com:8443"
    )


def test_sitemap_index_lists_children_and_skips_those_older_than_the_window() -> None:
    index = parse_sitemap(INDEX, "https://www.example-herald.com/sitemap_index.xml")
    assert index.kind == "index" and index.problems == ()
    assert [e.loc for e in index.entries][2] == "https://www.example-herald.com/sitemaps/2025-07.xml"
    assert index.entries[2].lastmod == dt.datetime(2025, 7, 24, 6, 0, tzinfo=UTC)
    window = date_window(dt.date(2025, 7, 1), None)
    assert children_in_window(index, window) == [
        "https://www.example-herald.com/sitemaps/2025-07.xml",  # May and June were last changed before July
        "https://www.example-herald.com/sitemaps/authors.xml",  # undated: must be opened to know
    ]
    assert len(children_in_window(index, DateWindow())) == 4
    assert pages_in_window(index, DateWindow()) == []  # an index lists sitemaps, not pages


def test_urlset_filtered_by_lastmod_with_problems_for_bad_entries() -> None:
    urlset = parse_sitemap(URLSET, "https://www.example-herald.com/sitemaps/2025-07.xml")
    assert urlset.kind == "urlset"
    assert len(urlset.entries) == 5  # no <loc> dropped, the repeated URL kept once
    assert {p.kind for p in urlset.problems} == {"sitemap_entry", "sitemap_date"}
    window = date_window(dt.date(2025, 7, 10), dt.date(2025, 7, 31))
    # 23:30 at UTC-5 on the 31st is 04:30 UTC on 1 August: outside a window that ends with the 31st.
    assert [e.loc.rsplit("/", 1)[1] for e in pages_in_window(urlset, window)] == ["doha-round"]
    everything = [e.loc.rsplit("/", 1)[1] for e in pages_in_window(urlset, DateWindow())]
    assert everything == ["geneva-talks", "doha-round", "late-night", "about", "odd-date"]


def test_news_sitemap_filters_by_publication_date_before_lastmod() -> None:
    news = parse_sitemap(NEWS, "https://www.example-herald.com/news-sitemap.xml")
    first, second = news.entries
    assert first.published == dt.datetime(2025, 7, 11, 11, 15, tzinfo=UTC)
    assert first.lastmod == dt.datetime(2025, 7, 20, 10, 0, tzinfo=UTC)
    assert first.title == "Armenia and Azerbaijan meet in Abu Dhabi over the border"
    assert second.published == dt.datetime(2025, 7, 19, tzinfo=UTC) and second.lastmod is None
    # Edited on the 20th, but published on the 11th: a window for the 15th-20th wants only the second.
    in_window = pages_in_window(news, date_window(dt.date(2025, 7, 15), dt.date(2025, 7, 20)))
    assert [e.loc for e in in_window] == ["https://www.example-herald.com/world/mediator-named"]


def test_gzipped_sitemap_is_read_and_a_bomb_is_refused() -> None:
    url = "https://www.example-herald.com/sitemaps/2025-06.xml.gz"
    assert parse_sitemap(gzip.compress(URLSET), url).entries == parse_sitemap(URLSET, url).entries
    bomb = gzip.compress(b"<urlset>" + b" " * 2_000_000 + b"</urlset>")
    refused = parse_sitemap(bomb, url, max_bytes=1_000_000)
    assert refused.kind == "unknown" and [p.kind for p in refused.problems] == ["too_large"]
    broken = parse_sitemap(b"\x1f\x8b\x08\x00garbage", url)
    assert broken.kind == "unknown" and broken.problems[0].kind == "sitemap_gzip"


def test_not_a_sitemap() -> None:
    html = parse_sitemap(
        b"<!doctype html><html><body>Not found</body></html>", "https://x.example/sitemap.xml"
    )
    assert html.kind == "unknown" and html.problems
    rss = parse_sitemap(ARCHIVED_RSS, "https://x.example/sitemap.xml")
    assert rss.kind == "unknown" and "rss" in rss.problems[0].message
    for junk in (b"", b"\x00\xff\xfe binary", b'{"urlset": []}'):
        assert parse_sitemap(junk, "https://x.example/s.xml").kind == "unknown"
    # Another encoding, declared by its byte-order mark, is still a sitemap.
    utf16 = parse_sitemap(
        URLSET.decode().replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"), "u"
    )
    assert len(utf16.entries) == 5


def test_rss_subscription_feed_points_to_its_latest_archive() -> None:
    paging = feed_paging(ARCHIVED_RSS, "https://www.example-herald.com/feeds/world.xml")
    assert (
        paging.older == "https://www.example-herald.com/feeds/archive/2025-06.xml"
    )  # the item's link is ignored
    assert not paging.is_archive and not paging.is_complete


def test_archive_document_walks_back_with_prev_archive_against_xml_base() -> None:
    paging = feed_paging(ARCHIVE_DOC, "https://www.example-herald.com/feeds/archive/2025-06.xml")
    assert paging.older == "https://archive.example-herald.com/world/2025-05.xml"
    assert paging.is_archive


def test_paged_feed_follows_next_and_a_complete_feed_has_no_history() -> None:
    paged = feed_paging(PAGED_ATOM, "https://www.example-herald.com/feeds/diplomacy?page=2")
    assert paged.older == "https://www.example-herald.com/feeds/diplomacy?page=3"
    assert feed_paging(COMPLETE_ATOM, "https://www.example-herald.com/feeds/corrections").older is None
    self_loop = PAGED_ATOM.replace(b"page=3", b"page=2")
    assert feed_paging(self_loop, "https://www.example-herald.com/feeds/diplomacy?page=2").older is None
    assert feed_paging(b"not xml", "https://x.example/f").problems[0].kind == "feed_parse"


def test_url_file_keeps_order_skips_comments_and_names_bad_lines() -> None:
    text = (
        "# backfill for the June outage\n\nhttps://www.example-herald.com/a\n"
        "  https://www.example-herald.com/b  \n"
        "www.example-herald.com/c\nhttps://www.example-herald.com/a\nmailto:desk@example-herald.com\n"
        "https://www.example-herald.com/has space\n"
    )
    urls = parse_url_list(text, "june.txt")
    assert urls.urls == ("https://www.example-herald.com/a", "https://www.example-herald.com/b")
    assert [p.message.split(":")[0:2] for p in urls.problems] == [
        ["june.txt", "5"],
        ["june.txt", "7"],
        ["june.txt", "8"],
    ]


def test_w3c_datetimes() -> None:
    assert parse_w3c_datetime("2025") == dt.datetime(2025, 1, 1, tzinfo=UTC)
    assert parse_w3c_datetime("2025-07") == dt.datetime(2025, 7, 1, tzinfo=UTC)
    assert parse_w3c_datetime("2025-07-23") == dt.datetime(2025, 7, 23, tzinfo=UTC)
    assert parse_w3c_datetime("2025-07-23T21:05+03:00") == dt.datetime(2025, 7, 23, 18, 5, tzinfo=UTC)
    assert parse_w3c_datetime("2025-07-23T09:00:00.5Z") == dt.datetime(
        2025, 7, 23, 9, 0, 0, 500000, tzinfo=UTC
    )
    for bad in ("", None, "yesterday", "2025-13-01", "23/07/2025"):
        assert parse_w3c_datetime(bad) is None


def test_date_window_until_includes_the_whole_day() -> None:
    window = date_window(dt.date(2025, 7, 1), dt.date(2025, 7, 31))
    assert window.contains(dt.datetime(2025, 7, 31, 23, 59, tzinfo=UTC))
    assert not window.contains(dt.datetime(2025, 8, 1, tzinfo=UTC))
    assert not window.contains(dt.datetime(2025, 6, 30, 23, 59, tzinfo=UTC))
    assert not window.contains(None) and DateWindow().contains(None)
    assert window.entirely_before(dt.datetime(2025, 6, 30, tzinfo=UTC))
    assert not window.entirely_before(None)


@given(st.binary(max_size=2000))
def test_readers_never_raise_on_arbitrary_bytes(data: bytes) -> None:
    sitemap = parse_sitemap(data, "https://x.example/s.xml")
    assert sitemap.kind in {"urlset", "index", "unknown"}
    assert all(e.loc.startswith(("http://", "https://")) for e in sitemap.entries)
    feed_paging(data, "https://x.example/f.xml")
    parse_url_list(data.decode("utf-8", "replace"))
    robots_sitemaps(data.decode("utf-8", "replace"), "https://x.example/robots.txt")


@given(
    st.lists(
        st.datetimes(
            min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2030, 1, 1), timezones=st.just(UTC)
        ),
        max_size=20,
    ),
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 1, 1)),
)
def test_window_and_entirely_before_never_disagree(moments: list[dt.datetime], since: dt.date) -> None:
    window = date_window(since, None)
    for moment in moments:
        assert not (window.contains(moment) and window.entirely_before(moment))
        assert window.contains(moment) or window.entirely_before(moment)
