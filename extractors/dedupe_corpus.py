"""A labelled near-duplicate corpus made from real article bodies, for the dedupe evaluation and benchmark.

Syndication is simulated the way it looks in the wild: a wire story republished with a new
headline, a byline or dateline, a trimmed or reordered lede, dropped paragraphs, a few
lines of the outlet's boilerplate, typos, or cut to 60% behind a paywall. Hard negatives
are different stories that share a lot: bodies from different outlets on the same event
(they are all in the corpus), and pairs built from two halves of one long article that
share a long background passage. Everything is drawn from one seed, so a run is repeatable.
"""

from __future__ import annotations

import datetime as dt
import heapq
import random
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[^\W\d_]|[\"“‘(])")
_WORD = re.compile(r"\w+")
_EPOCH = dt.datetime(2025, 1, 6, 6, 0, tzinfo=dt.UTC)
_OUTLETS = (
    "The Daily Ledger",
    "Morning Courier",
    "Global Wire",
    "The Evening Post",
    "Coastal Herald",
    "Metro Tribune",
    "The Northern Star",
    "Capital Dispatch",
    "World Desk",
    "The Observer Online",
)
_NAMES = (
    "Anna Kowalski",
    "David Mensah",
    "Leila Haddad",
    "Tomás Herrera",
    "Mei Lin",
    "Oliver Grant",
    "Priya Raman",
    "Jonas Berg",
    "Fatima Zahra",
    "Kenji Sato",
    "Sofia Rossi",
    "Daniel Okafor",
)
_CITIES = (
    "LONDON",
    "WASHINGTON",
    "NEW YORK",
    "PARIS",
    "BERLIN",
    "NAIROBI",
    "DELHI",
    "SYDNEY",
    "DOHA",
    "GENEVA",
)
_BOILERPLATE = (
    "Follow us on Facebook, X and Instagram for the latest updates.",
    "Sign up for our morning newsletter to get the day's top stories in your inbox.",
    "© 2025 {outlet}. All rights reserved. This material may not be published, broadcast or redistributed.",
    "Reporting by {name}; editing by {other}.",
    "Read more: {headline}",
    "This story was originally published by {outlet} and is republished here with permission.",
    "Have a news tip? Contact our newsroom.",
    "Download our app to read more stories like this one.",
)
_PAYWALL = ("Continue reading with a subscription.", "Subscribe to read the full story.", "…")


@dataclass(frozen=True)
class CorpusDoc:
    """One document with its gold story and what was done to make it."""

    doc_id: str
    story_id: str
    text: str
    published: dt.datetime
    edits: tuple[str, ...] = ()


@dataclass(frozen=True)
class LabelledCorpus:
    """Documents in arrival order plus the story pairs built or found to be hard to tell apart."""

    docs: tuple[CorpusDoc, ...]
    hard_negatives: tuple[tuple[str, str], ...]


def build_eval_corpus(
    bodies: Sequence[str],
    seed: int = 0,
    *,
    max_variants: int = 4,
    split_stories: int = 24,
    background_sources: int = 10,
    overlap_pairs: int = 25,
) -> LabelledCorpus:
    """The evaluation set: every body a story with 0..max_variants syndicated copies, plus built negatives.

    Args:
        bodies: real article bodies (paragraphs separated by newlines).
        seed: the random seed; the same seed gives the same corpus.
        max_variants: the most syndicated copies a story gets.
        split_stories: long bodies turned into two different stories sharing a background passage.
        background_sources: bodies that only lend background passages (kept out of the corpus).
        overlap_pairs: how many most word-overlapping pairs of distinct bodies to list as hard negatives.

    Returns:
        The corpus, documents in order of publication.
    """
    rng = random.Random(seed)
    order = list(range(len(bodies)))
    rng.shuffle(order)
    long_ones = [i for i in order if len(_paragraphs(bodies[i])) >= 6 and len(bodies[i].split()) >= 400]
    reserved = long_ones[: split_stories + background_sources]
    splits, backgrounds = reserved[:split_stories], reserved[split_stories:]
    ordinary = [i for i in order if i not in set(reserved)]
    stories: list[tuple[str, list[str]]] = [(f"s{i:03d}", _paragraphs(bodies[i])) for i in ordinary]
    hard: list[tuple[str, str]] = [
        (f"s{a:03d}", f"s{b:03d}") for a, b in _most_overlapping(bodies, ordinary, overlap_pairs)
    ]
    passages = [p for i in backgrounds for p in _paragraphs(bodies[i]) if len(p.split()) >= 40]
    cursor = 0
    for i in splits:
        first, second, cursor = _split_with_background(_paragraphs(bodies[i]), passages, cursor, rng)
        stories += [(f"x{i:03d}a", first), (f"x{i:03d}b", second)]
        hard.append((f"x{i:03d}a", f"x{i:03d}b"))
    docs: list[CorpusDoc] = []
    for n, (story_id, paragraphs) in enumerate(stories):
        start = _EPOCH + dt.timedelta(minutes=37 * n + rng.randrange(30))
        docs += _story_docs(story_id, paragraphs, start, rng.randint(0, max_variants), rng)
    docs.sort(key=lambda d: (d.published, d.doc_id))
    return LabelledCorpus(tuple(docs), tuple(hard))


def iter_bench_docs(
    bodies: Sequence[str], seed: int, count: int, *, max_variants: int = 4
) -> Iterator[CorpusDoc]:
    """``count`` documents for the benchmark, generated lazily in arrival order.

    Stories are new texts recombined from the bodies' real sentences (so 100,000 documents
    do not collapse onto 181 stories); each gets 0..max_variants copies made as in the
    evaluation, arriving up to a few hundred documents after the original.

    Args:
        bodies: real article bodies.
        seed: the random seed.
        count: how many documents to yield.
        max_variants: the most syndicated copies a story gets.

    Yields:
        Documents ordered by publication time.
    """
    rng = random.Random(seed)
    # 5–60 words: a longer "sentence" is a paragraph the splitter could not cut (non-Latin
    # scripts), and reusing it across stories would make them share whole paragraphs.
    sentences = [s for body in bodies for s in _sentences(body) if 5 <= len(s.split()) <= 60]
    lengths = [max(4, min(60, len(_sentences(body)))) for body in bodies]
    pending: list[tuple[dt.datetime, str, CorpusDoc]] = []
    emitted, story = 0, 0
    while emitted < count:
        now = _EPOCH + dt.timedelta(minutes=3 * story)
        paragraphs = _compose(rng.sample(sentences, rng.choice(lengths)), rng)
        for doc in _story_docs(
            f"b{story:07d}", paragraphs, now, rng.randint(0, max_variants), rng, spread_h=8
        ):
            heapq.heappush(pending, (doc.published, doc.doc_id, doc))
        story += 1
        while pending and pending[0][0] <= now and emitted < count:
            yield heapq.heappop(pending)[2]
            emitted += 1
    return


def syndicate(paragraphs: Sequence[str], rng: random.Random) -> tuple[list[str], tuple[str, ...]]:
    """One syndicated copy of a story: a random, realistic mix of edits.

    Args:
        paragraphs: the original's paragraphs.
        rng: the random source.

    Returns:
        The copy's paragraphs and the names of the edits applied.
    """
    out = list(paragraphs)
    edits: list[str] = []
    if rng.random() < 0.5:
        out, edit = (
            (_trim_lede(out, rng), "trim_lede") if rng.random() < 0.5 else (_reorder_lede(out), "reorder")
        )
        edits.append(edit)
    if len(out) >= 4 and rng.random() < 0.4:
        out = _drop_paragraphs(out, rng)
        edits.append("drop_paragraphs")
    if rng.random() < 0.25:
        out = _truncate(out, 0.6, rng)
        edits.append("truncate_60")
    if rng.random() < 0.5:
        out = [_typos(p, rng) for p in out]
        edits.append("typos")
    if rng.random() < 0.5:
        out = _byline(out, rng)
        edits.append("byline")
    if rng.random() < 0.7:
        out = [_headline(out, rng), *out]
        edits.append("headline")
    if rng.random() < 0.7:
        out = out + _boilerplate(out, rng)
        edits.append("boilerplate")
    return out, tuple(edits)


# --------------------------------------------------------------------------- private helpers


def _story_docs(
    story_id: str,
    paragraphs: list[str],
    start: dt.datetime,
    copies: int,
    rng: random.Random,
    spread_h: int = 48,
) -> list[CorpusDoc]:
    """The original and its copies, each published a little later (now and then a little earlier)."""
    docs = [CorpusDoc(f"{story_id}.0", story_id, "\n".join(paragraphs), start, ("original",))]
    for n in range(1, copies + 1):
        text, edits = syndicate(paragraphs, rng)
        offset = dt.timedelta(minutes=rng.randint(5, spread_h * 60))
        when = start - offset / 8 if rng.random() < 0.1 else start + offset
        docs.append(CorpusDoc(f"{story_id}.{n}", story_id, "\n".join(text), when, edits))
    return docs


def _paragraphs(body: str) -> list[str]:
    return [p.strip() for p in body.split("\n") if p.strip()]


def _sentences(text: str) -> list[str]:
    return [s.strip() for p in _paragraphs(text) for s in _SENTENCE_END.split(p) if s.strip()]


def _compose(sentences: list[str], rng: random.Random) -> list[str]:
    """Group sentences into paragraphs of one to four, as news copy is laid out."""
    out, i = [], 0
    while i < len(sentences):
        n = rng.randint(1, 4)
        out.append(" ".join(sentences[i : i + n]))
        i += n
    return out


def _most_overlapping(bodies: Sequence[str], pool: list[int], count: int) -> list[tuple[int, int]]:
    """The ``count`` pairs of bodies with the highest word-set Jaccard: same topic, different story."""
    words = {i: set(_WORD.findall(bodies[i].lower())) for i in pool}
    scored = []
    for n, a in enumerate(pool):
        for b in pool[n + 1 :]:
            union = len(words[a] | words[b])
            scored.append((len(words[a] & words[b]) / union if union else 0.0, min(a, b), max(a, b)))
    scored.sort(reverse=True)
    return [(a, b) for _, a, b in scored[:count]]


def _split_with_background(
    paragraphs: list[str], passages: list[str], start: int, rng: random.Random
) -> tuple[list[str], list[str], int]:
    """Two stories from one article's halves, both carrying the same long background passage.

    The passage (25–50% of the shorter half) goes below the lede's news, where the inverted
    pyramid puts background; passages are taken from ``start`` on and not reused.
    """
    half = len(paragraphs) // 2
    first, second = paragraphs[:half], paragraphs[half:]
    target = rng.uniform(0.25, 0.5) * min(len(" ".join(first).split()), len(" ".join(second).split()))
    passage: list[str] = []
    while sum(len(p.split()) for p in passage) < target and len(passage) < len(passages):
        passage.append(passages[(start + len(passage)) % len(passages)])
    return _insert_low(first, passage, rng), _insert_low(second, passage, rng), start + len(passage)


def _insert_low(news: list[str], passage: list[str], rng: random.Random) -> list[str]:
    """Put a background passage somewhere in the lower half of a story."""
    at = rng.randint((len(news) + 1) // 2, len(news))
    return [*news[:at], *passage, *news[at:]]


def _trim_lede(paragraphs: list[str], rng: random.Random) -> list[str]:
    """Cut the lede's first sentence, or the whole first paragraph when it is one sentence."""
    lede = _SENTENCE_END.split(paragraphs[0])
    if len(lede) > 1:
        return [" ".join(lede[1:]), *paragraphs[1:]]
    return paragraphs[1:] if len(paragraphs) > 2 else paragraphs


def _reorder_lede(paragraphs: list[str]) -> list[str]:
    """Swap the first two paragraphs (or the lede's first two sentences)."""
    if len(paragraphs) >= 2:
        return [paragraphs[1], paragraphs[0], *paragraphs[2:]]
    lede = _SENTENCE_END.split(paragraphs[0])
    return [" ".join([*lede[1:2], lede[0], *lede[2:]])]


def _drop_paragraphs(paragraphs: list[str], rng: random.Random) -> list[str]:
    """Drop up to a fifth of the paragraphs after the lede."""
    drop = set(rng.sample(range(1, len(paragraphs)), max(1, len(paragraphs) // 5)))
    return [p for i, p in enumerate(paragraphs) if i not in drop]


def _truncate(paragraphs: list[str], share: float, rng: random.Random) -> list[str]:
    """Keep the first ``share`` of the words, as a paywalled teaser does."""
    budget = int(sum(len(p.split()) for p in paragraphs) * share)
    out = []
    for p in paragraphs:
        words = p.split()
        if budget <= 0:
            break
        out.append(" ".join(words[:budget]))
        budget -= len(words)
    return [*out, rng.choice(_PAYWALL)]


def _typos(paragraph: str, rng: random.Random, rate: float = 0.015) -> str:
    """Swap, drop or double a letter in about ``rate`` of the words."""
    words = paragraph.split(" ")
    for i, word in enumerate(words):
        if len(word) < 4 or rng.random() >= rate:
            continue
        j = rng.randrange(1, len(word) - 1)
        kind = rng.randrange(3)
        if kind == 0:
            words[i] = word[: j - 1] + word[j] + word[j - 1] + word[j + 1 :]
        elif kind == 1:
            words[i] = word[:j] + word[j + 1 :]
        else:
            words[i] = word[:j] + word[j] + word[j:]
    return " ".join(words)


def _byline(paragraphs: list[str], rng: random.Random) -> list[str]:
    """Add a byline line or a wire dateline to the lede."""
    if rng.random() < 0.5:
        return [f"By {rng.choice(_NAMES)}, {rng.choice(_OUTLETS)}", *paragraphs]
    dateline = f"{rng.choice(_CITIES)} ({rng.choice(_OUTLETS)}) — "
    return [dateline + paragraphs[0], *paragraphs[1:]] if paragraphs else [dateline]


def _headline(paragraphs: list[str], rng: random.Random) -> str:
    """A new headline from words of the lede, the way a sub-editor rewrites one."""
    words = [w for w in " ".join(paragraphs[:2]).split() if w[:1].isalpha()][:30]
    picked = sorted(rng.sample(range(len(words)), min(len(words), rng.randint(5, 9))))
    title = " ".join(words[i].strip(',.;:"“”') for i in picked).title()
    return f"{title} | {rng.choice(_OUTLETS)}" if rng.random() < 0.5 else title


def _boilerplate(paragraphs: list[str], rng: random.Random) -> list[str]:
    """One to three lines of outlet furniture the boilerplate stage may have missed."""
    lines = rng.sample(_BOILERPLATE, rng.randint(1, 3))
    fill = {
        "outlet": rng.choice(_OUTLETS),
        "name": rng.choice(_NAMES),
        "other": rng.choice(_NAMES),
        "headline": _headline(paragraphs[-2:] or [""], rng),
    }
    return [line.format(**fill) for line in lines]
