"""The feeds file: good entries load, bad ones become problems naming file and line."""

from __future__ import annotations

import pytest

from extractors.errors import ConfigError
from extractors.feedlist import Feed, parse_feed_list, render_feed_list

GOOD = """
# two feeds
[[feed]]
name = "wire-world"
url = "https://wire.example/world.rss"
language = "en"
outlet = "Example Wire"

[[feed]]
name = "daily-atom"
url = "http://daily.example/atom.xml"
"""


def test_valid_feeds_load_in_file_order() -> None:
    result = parse_feed_list(GOOD, "feeds.toml")
    assert result.problems == ()
    assert result.feeds == (
        Feed(name="wire-world", url="https://wire.example/world.rss", language="en", outlet="Example Wire"),
        Feed(name="daily-atom", url="http://daily.example/atom.xml"),
    )


def test_a_bad_entry_is_reported_with_its_line_and_the_rest_still_load() -> None:
    text = GOOD + '\n[[feed]]\nname = "ftp-feed"\nurl = "ftp://files.example/feed"\n'
    result = parse_feed_list(text, "feeds.toml")
    assert [f.name for f in result.feeds] == ["wire-world", "daily-atom"]
    assert len(result.problems) == 1
    assert result.problems[0].message.startswith("feeds.toml:13:")
    assert "http(s)" in result.problems[0].message


@pytest.mark.parametrize(
    ("entry", "why"),
    [
        ('name = "Bad Name"\nurl = "https://x.example/f"', "slug"),
        ('name = "no-url"', "no url"),
        (
            'name = "dup"\nurl = "https://x.example/a"\n[[feed]]\nname = "dup"\nurl = "https://x.example/b"',
            "duplicate",
        ),
        ('name = "extra"\nurl = "https://x.example/f"\ncolour = "red"', "unknown keys"),
    ],
)
def test_each_kind_of_bad_entry_says_why(entry: str, why: str) -> None:
    result = parse_feed_list(f"[[feed]]\n{entry}\n", "f.toml")
    assert any(why in p.message for p in result.problems)


def test_text_that_is_not_toml_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=r"feeds\.toml"):
        parse_feed_list("[[feed]\nname = ", "feeds.toml")


def test_render_round_trips() -> None:
    feeds = parse_feed_list(GOOD, "feeds.toml").feeds
    assert parse_feed_list(render_feed_list(feeds), "again.toml").feeds == feeds
