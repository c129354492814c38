"""Canonical URLs: hand-written cases for each rule, and properties over generated URLs."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors.errors import ConfigError
from extractors.urls import article_id, canonical_url, load_rules, parse_rules

CASES = [
    # tracking parameters, whatever their case, go; the article's own parameters stay, sorted
    (
        "https://www.reuters.com/world/talks-2025-07-23/?utm_source=rss&utm_medium=feed",
        "https://reuters.com/world/talks-2025-07-23",
    ),
    ("https://example.org/story?id=42&fbclid=IwAR0abc&gclid=xyz", "https://example.org/story?id=42"),
    ("https://example.org/story?UTM_Campaign=x&page=2&mc_cid=1&mc_eid=2", "https://example.org/story?page=2"),
    (
        "https://www.theguardian.com/world/2025/jul/23/istanbul-talks?CMP=share_btn_tw",
        "https://theguardian.com/world/2025/jul/23/istanbul-talks",
    ),
    (
        "https://www.lemonde.fr/international/article/2025/07/23/x_123.html?xtor=RSS-3208",
        "https://lemonde.fr/international/article/2025/07/23/x_123.html",
    ),
    ("https://example.org/search?q=ceasefire&b=2&a=1", "https://example.org/search?a=1&b=2&q=ceasefire"),
    # scheme, host case, default port, fragment, trailing slash
    ("HTTP://WWW.Example.ORG:80/News/Item/#comments", "https://example.org/News/Item"),
    ("https://example.org:443/a/b/", "https://example.org/a/b"),
    ("http://example.org", "https://example.org/"),
    ("https://example.org:8443/a", "https://example.org:8443/a"),
    # AMP variants
    (
        "https://amp.theguardian.com/world/2025/jul/23/istanbul-talks",
        "https://theguardian.com/world/2025/jul/23/istanbul-talks",
    ),
    ("https://www.bbc.co.uk/news/world-europe-12345678.amp", "https://bbc.co.uk/news/world-europe-12345678"),
    ("https://example.org/2025/07/23/talks/amp/", "https://example.org/2025/07/23/talks"),
    ("https://example.org/amp/2025/07/23/talks", "https://example.org/2025/07/23/talks"),
    ("https://example.org/talks?amp=1", "https://example.org/talks"),
    ("https://example.org/talks?amp", "https://example.org/talks"),
    (
        "https://www.washingtonpost.com/world/2025/07/23/talks/?outputType=amp",
        "https://washingtonpost.com/world/2025/07/23/talks",
    ),
    ("https://example.org/news/story.amp.html", "https://example.org/news/story.html"),
    ("https://m.example.org/news/story", "https://example.org/news/story"),
    # a host that *is* a registrable domain keeps its first label
    ("https://amp.dev/documentation/", "https://amp.dev/documentation"),
    # syntax: IDNA host, percent-encoding, dot segments, credentials
    ("https://Bücher.example/ä", "https://xn--bcher-kva.example/%C3%A4"),
    ("https://example.org/a/./b/../c", "https://example.org/a/c"),
    ("https://user:secret@example.org/x", "https://example.org/x"),
    ("  https://example.org/x\n", "https://example.org/x"),
]


@pytest.mark.parametrize(("url", "expected"), CASES)
def test_canonical_url_cases(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


@pytest.mark.parametrize(
    ("url", "page_canonical", "expected"),
    [
        # the page's own canonical undoes an AMP or mobile copy
        (
            "https://amp.example.org/amp/12345",
            "https://www.example.org/news/talks-resume",
            "https://example.org/news/talks-resume",
        ),
        ("https://m.example.org/a?ref=app", "/news/a", "https://example.org/news/a"),
        # same registrable domain, other subdomain: accepted
        (
            "https://edition.example.co.uk/x",
            "https://www.example.co.uk/news/x",
            "https://example.co.uk/news/x",
        ),
        # another site (syndication partner) or the home page (a template fault): ignored
        (
            "https://www.yahoo.com/news/talks-123.html",
            "https://www.reuters.com/world/talks",
            "https://yahoo.com/news/talks-123.html",
        ),
        ("https://example.org/news/talks", "https://example.org/", "https://example.org/news/talks"),
        ("https://example.org/news/talks", "javascript:void(0)", "https://example.org/news/talks"),
        ("https://example.org/news/talks", "", "https://example.org/news/talks"),
    ],
)
def test_page_canonical(url: str, page_canonical: str, expected: str) -> None:
    assert canonical_url(url, page_canonical=page_canonical) == expected


@pytest.mark.parametrize(
    "junk", ["", "not a url", "mailto:desk@example.org", "javascript:alert(1)", "http://a b/"]
)
def test_non_urls_come_back_without_raising(junk: str) -> None:
    assert canonical_url(junk) == junk.strip() or canonical_url(junk).startswith("mailto:")


def test_article_id_is_the_first_32_hex_digits_of_sha256() -> None:
    # printf %s 'https://example.org/' | sha256sum  ->  8198d1bac40a1033653a78e48800cefc9e6b...
    assert article_id("https://example.org/") == "8198d1bac40a1033653a78e48800cefc"
    assert article_id("https://example.org/x") != article_id("https://example.org/y")


def test_packaged_rules_load() -> None:
    rules = load_rules()
    assert "fbclid" in rules.names
    assert "utm_" in rules.prefixes
    assert ("outputtype", "amp") in rules.amp_pairs


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            'prefixes = ["utm_"]\nnames = ["fbclid", ""]\namp_markers = []\nvariant_host_prefixes = []\n',
            "t.toml:2: empty or padded entry in names",
        ),
        (
            'prefixes = ["utm_"]\nnames = ["FBCLID"]\namp_markers = []\nvariant_host_prefixes = []\n',
            "t.toml:2: names entry 'FBCLID' must be lower case",
        ),
        (
            'prefixes = ["utm_"]\nnames = ["a", "a"]\namp_markers = []\nvariant_host_prefixes = []\n',
            "duplicate names entry 'a'",
        ),
        (
            'prefixes = ["utm_"]\nnames = []\namp_markers = []\n',
            "t.toml: missing list 'variant_host_prefixes'",
        ),
        (
            'prefixes = ["utm_"]\nnames = []\namp_markers = []\nvariant_host_prefixes = ["www"]\n',
            "t.toml:4: host prefix 'www' must be one label and a dot",
        ),
        ('prefixes = ["utm_"\n', "t.toml:"),
        ("prefixes = [1]\nnames = []\namp_markers = []\nvariant_host_prefixes = []\n", "is not a string"),
    ],
)
def test_bad_rules_name_file_and_line(text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)):
        parse_rules(text, "t.toml")


# --------------------------------------------------------------------------- properties

_label = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=10)
_host = st.builds(lambda a, b: f"{a}.{b}", _label, st.sampled_from(["com", "org", "co.uk", "de", "news"]))
_path = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_.", min_size=1, max_size=12), max_size=4
)
_param = st.tuples(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=6).filter(
        lambda n: (
            n not in load_rules().names
            and n not in load_rules().amp_names
            and not n.startswith(load_rules().prefixes)
        )
    ),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", max_size=6),
)
_tracking = st.tuples(
    st.sampled_from(
        ["utm_source", "utm_medium", "fbclid", "gclid", "mc_cid", "UTM_Campaign", "igshid", "amp"]
    ),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", max_size=6),
)


def _url(scheme: str, host: str, path: list[str], params: list[tuple[str, str]], fragment: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in params)
    return (
        f"{scheme}://{host}/{'/'.join(path)}"
        + (f"?{query}" if query else "")
        + (f"#{fragment}" if fragment else "")
    )


@given(
    scheme=st.sampled_from(["http", "https", "HTTP"]),
    host=_host,
    path=_path,
    params=st.lists(_param, max_size=4, unique_by=lambda p: p[0]),
    tracking=st.lists(_tracking, max_size=4),
    data=st.data(),
)
def test_tracking_params_and_order_never_change_the_canonical_url(
    scheme: str,
    host: str,
    path: list[str],
    params: list[tuple[str, str]],
    tracking: list[tuple[str, str]],
    data: st.DataObject,
) -> None:
    plain = canonical_url(_url(scheme, host, path, params, ""))
    mixed = data.draw(st.permutations(params + tracking))
    assert canonical_url(_url(scheme, host.upper(), path, mixed, "frag")) == plain
    assert canonical_url(_url("https", "www." + host, path, list(reversed(params)), "")) == plain


@given(
    scheme=st.sampled_from(["http", "https"]),
    host=_host,
    path=_path,
    params=st.lists(st.one_of(_param, _tracking), max_size=5),
)
def test_canonical_url_is_idempotent(
    scheme: str, host: str, path: list[str], params: list[tuple[str, str]]
) -> None:
    once = canonical_url(_url(scheme, host, path, params, "x"))
    assert canonical_url(once) == once
    assert once.startswith("https://") and "#" not in once


@given(st.text(max_size=200))
def test_never_raises_on_arbitrary_text(text: str) -> None:
    assert isinstance(canonical_url(text), str)
    assert isinstance(canonical_url("https://example.org/a", page_canonical=text), str)
