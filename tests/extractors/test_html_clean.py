"""HTML-level cleaning: what the markup marks as not-article goes, article prose never does."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from extractors.html_clean import clean_tree

PARAGRAPHS = [
    "Russia and Ukraine returned to the negotiating table in Istanbul on Wednesday, the first direct "
    "talks in seven weeks, as pressure grew from Washington for a ceasefire.",
    "Turkish Foreign Minister Hakan Fidan opened the session at Ciragan Palace and urged both sides "
    "to build on the documents exchanged at their previous meeting in June.",
    "Kremlin spokesman Dmitry Peskov told reporters that nobody expected an easy road and that the "
    "two sides' proposals remained diametrically opposed.",
]

PAGE = """<!DOCTYPE html>
<html lang="en"><head><title>Talks resume in Istanbul</title></head>
<body>
<nav class="site-nav"><a href="/">Home</a><a href="/world">World</a></nav>
<article>
  <h1>Talks resume in Istanbul</h1>
  <ul class="social-share"><li><a href="#">Facebook</a></li><li><a href="#">Telegram</a></li></ul>
  <p>{0}</p>
  <p><strong>Read:</strong> <a href="/nokia">Nokia Seeks New Manufacturing Partner for Mobile Comeback</a></p>
  <p>{1}</p>
  <p>Officials met behind closed doors. <a href="/geneva">READ MORE: Geneva round ends early</a> The
  next session is set for Thursday.</p>
  <div class="newsletterSignup"><p>Get our morning briefing</p><form><input type="email"></form></div>
  <p>{2}</p>
  <aside aria-label="Related stories"><a href="/a">Prisoner swap completed</a></aside>
  <div id="related_articles"><h3>Related</h3><ul><li><a href="/b">Kyiv hosts envoys</a></li></ul></div>
</article>
</body></html>"""


def _clean(page: str, *, with_source: bool = True) -> tuple[str, list[tuple[str, str, str]]]:
    tree = lxml_html.document_fromstring(page)
    removed = clean_tree(tree, page if with_source else None)
    assert [r.line_no for r in removed] == list(range(-1, -len(removed) - 1, -1))
    return " ".join(" ".join(tree.itertext()).split()), [(r.text, r.rule_id, r.kind) for r in removed]


@pytest.mark.parametrize("with_source", [True, False])
def test_marked_blocks_and_labelled_links_go_with_an_audit(with_source: bool) -> None:
    text, removed = _clean(PAGE.format(*PARAGRAPHS), with_source=with_source)
    for paragraph in PARAGRAPHS:
        assert paragraph in text
    assert "Officials met behind closed doors. The next session is set for Thursday." in text.replace(
        " .", "."
    )
    assert sorted(removed) == sorted(
        [
            ("Facebook Telegram", "html.share_block", "social_promo"),
            ("Get our morning briefing", "html.newsletter_block", "newsletter"),
            ("Prisoner swap completed", "html.related_block", "related_link"),
            ("Related Kyiv hosts envoys", "html.related_block", "related_link"),
            (
                "Read: Nokia Seeks New Manufacturing Partner for Mobile Comeback",
                "html.read_link",
                "related_link",
            ),
            ("READ MORE: Geneva round ends early", "html.read_link", "related_link"),
        ]
    )
    assert "Home World" in text  # navigation is trafilatura's business, not a marked block


def test_a_marked_container_that_holds_the_article_is_kept() -> None:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    page = f'<html><body><div class="post-body has-social-share">{body}</div><p>Footer</p></body></html>'
    text, removed = _clean(page)
    assert removed == []
    assert all(p in text for p in PARAGRAPHS)


def test_a_short_article_in_a_marked_wrapper_is_kept() -> None:
    page = f'<html><body><div class="promo-wrapper"><p>{PARAGRAPHS[0]}</p></div></body></html>'
    text, removed = _clean(page)
    assert removed == []
    assert PARAGRAPHS[0] in text


@pytest.mark.parametrize(
    "paragraph",
    [
        "Read the full statement on the ministry's website, the spokesman said.",
        "Related talks in Geneva ended without agreement.",
        "Also on Wednesday, the two sides exchanged the remains of 1,000 soldiers.",
        '<a href="/x">Read more</a>',  # a label with nothing after it is not a teaser
    ],
)
def test_paragraphs_that_start_like_labels_are_kept(paragraph: str) -> None:
    page = f"<html><body><p>{PARAGRAPHS[0]}</p><p>{paragraph}</p></body></html>"
    _, removed = _clean(page)
    assert removed == []


def test_a_labelled_paragraph_that_is_not_a_link_is_kept() -> None:
    page = f"<html><body><p>{PARAGRAPHS[0]}</p><p>Read: the statement says nothing new.</p></body></html>"
    _, removed = _clean(page)
    assert removed == []


def test_lookalike_class_names_are_not_matched() -> None:
    page = (
        '<html><body><div class="shared-rooms"><p>Rooms</p></div><div id="socialist-party"><p>Party</p></div>'
        '<div class="adress"><p>Street</p></div>'
        '<blockquote class="social-embed"><p>We are ready to meet. Rustem Umerov</p></blockquote>'
        '<div class="paywall"><p>Short story behind a meter.</p></div></body></html>'
    )
    text, removed = _clean(page)
    assert removed == []
    assert text == "Rooms Party Street We are ready to meet. Rustem Umerov Short story behind a meter."


def test_page_without_anything_to_remove_is_untouched() -> None:
    page = f"<html><body><p>{PARAGRAPHS[0]}</p></body></html>"
    before = lxml_html.tostring(lxml_html.document_fromstring(page))
    tree = lxml_html.document_fromstring(page)
    assert clean_tree(tree, page) == ()
    assert lxml_html.tostring(tree) == before
