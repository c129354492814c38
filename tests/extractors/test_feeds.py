"""parse_feed: hand-written feeds in, hand-written expectations out; garbage in, never an exception."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.feeds import body_sha256, entry_rows, parse_feed, sweep_target

URL = "https://news.example/world/rss.xml"
FETCHED = dt.datetime(2025, 7, 24, 9, 30, tzinfo=dt.UTC)


def _rss(items: str, channel: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<channel><title>World desk</title><link>https://news.example/</link>{channel}{items}</channel></rss>"
    ).encode()


def _item(guid: str | None, link: str | None, title: str, date: str | None = None) -> str:
    parts = [f"<title>{title}</title>"]
    if guid is not None:
        parts.append(f'<guid isPermaLink="false">{guid}</guid>')
    if link is not None:
        parts.append(f"<link>{link}</link>")
    if date is not None:
        parts.append(f"<pubDate>{date}</pubDate>")
    return "<item>" + "".join(parts) + "</item>"


ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr-FR" xml:base="https://www.exemple.fr/international/">
  <title type="html">L&amp;#8217;actualit&amp;eacute; internationale</title>
  <id>urn:uuid:60a76c80-d399-11d9-b93c-0003939e0af6</id>
  <updated>2025-07-23T18:00:00+02:00</updated>
  <entry>
    <title type="html">&lt;b&gt;Gen&amp;egrave;ve&lt;/b&gt; : reprise des pourparlers</title>
    <link rel="alternate" href="2025/07/23/geneve-pourparlers"/>
    <id>tag:exemple.fr,2025:geneve-1</id>
    <updated>2025-07-23T17:15:00+02:00</updated>
    <author><name>Marie Dupont</name></author>
    <author><name>Jean Martin</name></author>
    <category term="diplomatie"/><category term="Ukraine"/><category term="diplomatie"/>
    <summary type="html">&lt;p&gt;Les d&amp;eacute;l&amp;eacute;gations
      se sont retrouv&amp;eacute;es.&lt;/p&gt;</summary>
  </entry>
</feed>"""


def test_atom_entry_is_normalised() -> None:
    parsed = parse_feed(ATOM, url="https://www.exemple.fr/rss/international.xml", fetched_at=FETCHED)
    assert parsed.problems == ()
    assert parsed.title == "L’actualité internationale"
    assert parsed.language == "fr-fr"
    (entry,) = parsed.entries
    assert entry.key_kind == "guid" and entry.entry_key == "tag:exemple.fr,2025:geneve-1"
    assert entry.link == "https://www.exemple.fr/international/2025/07/23/geneve-pourparlers"  # xml:base
    assert entry.title == "Genève : reprise des pourparlers"
    assert entry.summary == "Les délégations se sont retrouvées."
    assert entry.published == dt.datetime(2025, 7, 23, 15, 15, tzinfo=dt.UTC)  # Atom's <updated> only
    assert not entry.published_is_fallback
    assert entry.authors == ("Marie Dupont", "Jean Martin")
    assert entry.categories == ("diplomatie", "Ukraine")
    assert entry.language == "fr-fr"


def test_rss_dates_become_utc_and_undated_entries_take_the_fetch_time() -> None:
    items = _item("a", "/a", "Dated", "Wed, 23 Jul 2025 16:40:00 +0300") + _item("b", "/b", "Undated")
    dated, undated = parse_feed(_rss(items), url=URL, fetched_at=FETCHED).entries
    assert dated.published == dt.datetime(2025, 7, 23, 13, 40, tzinfo=dt.UTC)
    assert dated.published.utcoffset() == dt.timedelta(0)
    assert not dated.published_is_fallback
    assert undated.published == FETCHED and undated.published_is_fallback


def test_naive_fetch_time_is_taken_as_utc() -> None:
    (entry,) = parse_feed(
        _rss(_item("a", "/a", "x")), url=URL, fetched_at=dt.datetime(2025, 7, 24, 9, 30)
    ).entries
    assert entry.published == FETCHED


def test_relative_links_resolve_against_the_feed_url_and_guids_stay_as_written() -> None:
    (entry,) = parse_feed(_rss(_item("12345", "../2025/07/talks", "x")), url=URL, fetched_at=FETCHED).entries
    assert entry.link == "https://news.example/2025/07/talks"
    assert entry.guid == "12345" and entry.entry_key == "12345"  # not resolved into a URL


def test_content_location_header_is_the_base_when_given() -> None:
    headers = {
        "Content-Location": "https://cdn.example/feeds/world.xml",
        "Content-Type": "application/rss+xml",
    }
    (entry,) = parse_feed(
        _rss(_item("a", "story/1", "x")), url=URL, headers=headers, fetched_at=FETCHED
    ).entries
    assert entry.link == "https://cdn.example/feeds/story/1"


def test_entry_without_link_is_kept_with_its_reason() -> None:
    items = (
        _item("x-1", None, "No link at all")
        + "<item><title>Numeric permalink</title><guid>4711</guid></item>"
    )
    first, second = parse_feed(_rss(items), url=URL, fetched_at=FETCHED).entries
    assert first.link is None and first.missing_link_reason == "no link element"
    assert second.link is None and "GUID is not a URL" in (second.missing_link_reason or "")


def test_permalink_guid_serves_as_the_link() -> None:
    item = "<item><title>x</title><guid>https://news.example/2025/07/23/story</guid></item>"
    (entry,) = parse_feed(_rss(item), url=URL, fetched_at=FETCHED).entries
    assert entry.link == "https://news.example/2025/07/23/story" and entry.missing_link_reason is None


def test_non_http_links_are_refused() -> None:
    (entry,) = parse_feed(_rss(_item("a", "javascript:alert(1)", "x")), url=URL, fetched_at=FETCHED).entries
    assert entry.link is None and "javascript" in (entry.missing_link_reason or "")


def test_a_few_blank_guids_fall_back_per_entry() -> None:
    items = "".join(_item(f"g{i}", f"/s/{i}", f"Story {i}") for i in range(19)) + _item(None, "/s/blank", "B")
    entries = parse_feed(_rss(items), url=URL, fetched_at=FETCHED).entries
    assert [e.key_kind for e in entries] == ["guid"] * 19 + ["link"]
    assert entries[-1].entry_key == "https://news.example/s/blank"


def test_mostly_blank_guids_key_the_feed_by_link() -> None:
    items = "".join(_item("" if i % 2 else f"g{i}", f"/s/{i}", f"Story {i}") for i in range(6))
    parsed = parse_feed(_rss(items), url=URL, fetched_at=FETCHED)
    assert {e.key_kind for e in parsed.entries} == {"link"}
    assert [p.kind for p in parsed.problems] == ["identity_degraded"]


def test_repeated_guids_and_links_fall_back_to_a_stable_hash() -> None:
    items = "".join(
        _item("same", "https://news.example/", f"Story {i}", "Wed, 23 Jul 2025 10:00:00 GMT")
        for i in range(4)
    )
    first = parse_feed(_rss(items), url=URL, fetched_at=FETCHED).entries
    later = parse_feed(_rss(items), url=URL, fetched_at=FETCHED + dt.timedelta(hours=5)).entries
    assert [e.key_kind for e in first] == ["hash"] * 4
    assert len({e.entry_key for e in first}) == 4
    assert [e.entry_key for e in first] == [e.entry_key for e in later]


def test_hash_of_undated_entries_does_not_change_with_the_fetch_time() -> None:
    items = "".join(_item(None, None, f"Bulletin {i}") for i in range(3))
    first = parse_feed(_rss(items), url=URL, fetched_at=FETCHED).entries
    later = parse_feed(_rss(items), url=URL, fetched_at=FETCHED + dt.timedelta(days=1)).entries
    assert [e.entry_key for e in first] == [e.entry_key for e in later]


def test_an_item_listed_twice_is_kept_once() -> None:
    item = _item("g1", "/s/1", "Twice")
    assert len(parse_feed(_rss(item + item), url=URL, fetched_at=FETCHED).entries) == 1


def test_ttl_and_update_period_take_the_longer() -> None:
    channel = (
        "<ttl>30</ttl><sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>1</sy:updateFrequency>"
    )
    assert parse_feed(_rss("", channel), url=URL, fetched_at=FETCHED).ttl_minutes == 60
    assert parse_feed(_rss("", "<ttl>90</ttl>"), url=URL, fetched_at=FETCHED).ttl_minutes == 90
    assert parse_feed(_rss("", "<ttl>soon</ttl>"), url=URL, fetched_at=FETCHED).ttl_minutes is None


def test_bozo_records_the_exception_text_and_keeps_entries() -> None:
    broken = _rss(_item("a", "/a", "Talks &nbsp; resume")).replace(b"</channel></rss>", b"")
    parsed = parse_feed(broken, url=URL, fetched_at=FETCHED)
    assert parsed.bozo
    (problem,) = [p for p in parsed.problems if p.kind == "feed_bozo"]
    assert problem.url == URL and problem.message  # the exception's own words
    assert parsed.entries[0].title == "Talks resume"


def test_empty_and_non_feed_bodies() -> None:
    assert [p.kind for p in parse_feed(b"  \n", url=URL, fetched_at=FETCHED).problems] == ["feed_empty"]
    html = parse_feed(b"<html><body><p>Hello</p></body></html>", url=URL, fetched_at=FETCHED)
    assert html.entries == () and "not_a_feed" in [p.kind for p in html.problems]


def test_control_characters_and_lone_surrogates_are_dropped() -> None:
    item = _item("g&#0;1", "/a", "Cease&#xD800;fire&#x1b;&#99999999; talks&#55296;")
    (entry,) = parse_feed(_rss(item), url=URL, fetched_at=FETCHED).entries
    assert entry.title == "Ceasefire talks" and entry.guid == "g1"


def test_script_style_and_comments_never_reach_the_text() -> None:
    summary = (
        "&lt;p&gt;Talks resumed.&lt;!-- ad slot --&gt;&lt;script&gt;track('x')&lt;/script&gt;"
        "&lt;STYLE type='text/css'&gt;p {color: red}&lt;/style&gt; Both sides met.&lt;/p&gt;"
    )
    item = f"<item><title>t</title><link>/a</link><guid>g</guid><description>{summary}</description></item>"
    (entry,) = parse_feed(_rss(item), url=URL, fetched_at=FETCHED).entries
    assert entry.summary == "Talks resumed. Both sides met."


def test_unclosed_script_runs_to_the_end_in_linear_time() -> None:
    hostile = "&lt;script&gt;" * 20_000 + "x" * 50_000
    title = "<title>Visible &lt;script&gt;hidden</title>"
    item = f"<item>{title}<link>/a</link><description>{hostile}</description></item>"
    (entry,) = parse_feed(_rss(item), url=URL, fetched_at=FETCHED).entries
    assert entry.title == "Visible" and entry.summary is None


def test_body_sha256_is_the_hex_digest() -> None:
    assert body_sha256(b"") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def test_entry_rows_carry_every_entries_column() -> None:
    (entry,) = parse_feed(_rss(_item("a", "/a", "x")), url=URL, fetched_at=FETCHED).entries
    (row,) = entry_rows("world", [entry], ["https://news.example/a"], first_seen_at=FETCHED, run_id="r1")
    assert (
        row["feed_id"] == "world"
        and row["entry_key"] == "a"
        and row["canonical_url"] == "https://news.example/a"
    )
    assert row["first_seen_at"] == FETCHED and row["first_run_id"] == "r1" and row["authors"] == []


def test_sweep_target_runs_the_whole_path() -> None:
    summary = sweep_target(_rss(_item("a", "/a", "x")), {"content-type": "text/xml"}, URL)
    assert summary["bozo"] is False and len(summary["entries"]) == 1


# --------------------------------------------------------------------------- never raises

VALID = _rss(
    "".join(_item(f"g{i}", f"/s/{i}", f"Story &amp; {i}", "Wed, 23 Jul 2025 10:00:00 GMT") for i in range(3))
)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    parsed = parse_feed(data, url=URL, fetched_at=FETCHED)
    assert len({e.entry_key for e in parsed.entries}) == len(parsed.entries)


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=0, max_value=len(VALID)), st.binary(max_size=40))
def test_truncated_or_corrupted_feeds_never_raise(cut: int, junk: bytes) -> None:
    parsed = parse_feed(VALID[:cut] + junk, url=URL, fetched_at=FETCHED)
    for entry in parsed.entries:
        assert entry.published.tzinfo is not None
        assert entry.link is None or entry.link.startswith("https://news.example/")


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_any_title_text_round_trips_to_clean_utf8(title: str) -> None:
    escaped = title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    data = _rss(_item("g", "/x", escaped)).decode("utf-8", "replace").encode("utf-8", "replace")
    for entry in parse_feed(data, url=URL, fetched_at=FETCHED).entries:
        (entry.title or "").encode("utf-8")  # strict: no lone surrogates reach the warehouse
