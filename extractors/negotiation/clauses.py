"""Clause-level context for event cues: is a cue hypothetical or negated, and who is its subject.

A cue such as "reached a deal" reports a fact only when nothing earlier in its clause
makes it hypothetical ("hope to have reached a deal") or denies it ("no deal was
reached"); and the actor who proposes or threatens is usually the first actor of the
clause, before the cue. These helpers look only inside one sentence, plus the sentences
before it for pronouns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from extractors.negotiation.actors import canonical_actor, find_actors
from extractors.negotiation.cues import Cues, default_cues
from extractors.negotiation.sentences import Sentence

__all__ = [
    "clause_start",
    "clause_words",
    "first_actor",
    "full_name",
    "is_common_word",
    "is_heading",
    "last_person",
    "person_names",
    "subject_is_pronoun",
    "tidy_detail",
]

_WORD = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")
# Hard clause edges inside a sentence: semicolons, colons, dashes, brackets, quotation marks, commas.
_EDGE = re.compile(r"[;:—–()\[\]“”\"‘,]|\s-\s")
_HONORIFIC = r"(?:Mr|Mrs|Ms|Dr|Gen|Sen|Rep|Gov|Amb)\.?"
_TITLE = (
    r"(?:President|Prime\s+Minister|Premier|Chancellor|Minister|Secretary|Ambassador|Envoy|Spokesman|"
    r"Spokeswoman|Spokesperson|Foreign\s+Minister|Vice\s+President|King|Emir|Sheikh|Pope|Chairman|Leader)"
)
# Military ranks are titles only before a name of two words or more ("General Abdel Fattah al-Burhan",
# not "the General Assembly").
_RANK = r"(?:(?:Lieutenant|Major|Brigadier)\s+)?General|Colonel|Admiral|Field\s+Marshal"
# One word of a title, as it may start a run of capitals ("President-elect Donald Trump").
_TITLE_WORD = rf"(?:{_TITLE}|{_HONORIFIC})(?:-elect)?"
# Latin letters with diacritics count ("Erdoğan", "Łukasz", "Vučić"); the Extended-A block mixes
# cases, which is harmless here since a name's first letter is still checked against the upper class.
_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u017f"
_LOWER = "a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u017f"
_CAP = rf"[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}]?[{_LOWER}]+)?"
# Lower-case particles inside a name: "Abdel Fattah al-Burhan", "Ursula von der Leyen".
_PARTICLE = r"(?:(?:al|el|ad|as|ash|bin|ibn|de|del|della|da|di|dos|du|van|von|der|den|le|la|ul)[- ])"
# A person written as title + name, honorific + surname, or two or three capitalised words.
_PERSON = re.compile(
    rf"(?:\b(?:{_RANK}) (?=[{_UPPER}][{_LOWER}]+ {_PARTICLE}{{0,2}}[{_UPPER}])|\b{_TITLE} |\b{_HONORIFIC} )?"
    rf"(?P<name>{_CAP}(?: (?:[A-Z]\. )?{_PARTICLE}{{0,2}}{_CAP}){{1,2}}|{_CAP})"
)
# A lone capitalised word is a surname when a person's verb follows it ("Erdogan offered to host…").
_ACTS = re.compile(
    r"\s+(?:(?:has|had|have|also|repeatedly|then|later|again)\s+){0,2}(?:said|says|told|warned|warns|threatened|threatens|"
    r"offered|offers|proposed|proposes|suggested|called|calls|pushed|urged|urges|announced|added|insisted|"
    r"wants|wanted|gave|given|set|demanded|met|visited|floated|tabled|presented|put|made|submitted|"
    r"unveiled|sent|delivered)\b"
)
_PRONOUN_START = re.compile(r"^\s*(?:he|she|they)\b", re.IGNORECASE)


# "an effort to broker a pause and the release of hostages": "and" before a determiner joins two
# nouns of one clause, so the clause's markers still reach the second.
_NOUN_AND = re.compile(r"and\s+(?:the|a|an|its|their)\s", re.IGNORECASE)


def _common() -> frozenset[str]:
    """Capitalised words that never start or make up a person's name (from the cue lexicon)."""
    return default_cues().common_capitalised


def clause_start(sentence: str, pos: int, openers: frozenset[str] = frozenset()) -> int:
    """Offset in ``sentence`` where the clause holding ``pos`` begins (after punctuation or an opener)."""
    start = 0
    for m in _EDGE.finditer(sentence, 0, pos):
        start = m.end()
    for m in _WORD.finditer(sentence, start, pos):
        if m.group().casefold() in openers and not _NOUN_AND.match(sentence, m.start()):
            start = m.end()
    return start


def clause_words(sentence: str, pos: int, cues: Cues) -> set[str]:
    """The lower-cased words of the clause before ``pos`` (what can veto a cue at ``pos``)."""
    start = clause_start(sentence, pos, cues.clause_openers)
    words = {w.casefold() for w in _WORD.findall(sentence[start:pos])}
    if re.search(r"n['’]t\b", sentence[start:pos]):
        words.add("not")
    return words


def first_actor(span: str) -> str | None:
    """The first state, organisation or armed group named in ``span`` (capitals as metonyms count)."""
    for mention in find_actors(span):
        if mention.kind != "city":
            return mention.canonical
    return None


def person_names(span: str) -> list[tuple[str, int]]:
    """Capitalised names in ``span`` that are not actors or function words, with their offsets."""
    out: list[tuple[str, int]] = []
    for m in _PERSON.finditer(span):
        words = m.group("name").split()
        titled = m.group() != m.group("name")
        while words and (words[0] in _common() or re.fullmatch(_TITLE_WORD, words[0])):
            titled = titled or re.fullmatch(_TITLE_WORD, words[0]) is not None
            words = words[1:]
        if not words or any(w in _common() for w in words):
            continue
        name = " ".join(words)
        if canonical_actor(name) is not None or any(canonical_actor(w) is not None for w in words):
            continue
        if len(words) == 1 and not (titled or _looks_titled(span, m.start()) or _ACTS.match(span, m.end())):
            continue
        out.append((name, m.end("name") - len(name)))
    return out


def last_person(sentences: Sequence[Sentence], index: int, lookback: int = 3) -> str | None:
    """The last person named in the ``lookback`` sentences before ``index`` (what "he" refers to)."""
    for k in range(index - 1, max(-1, index - 1 - lookback), -1):
        if is_heading(sentences[k].text):
            continue
        names = person_names(sentences[k].text)
        if names:
            return names[-1][0]
    return None


def subject_is_pronoun(span: str) -> bool:
    """True when a clause's subject is he/she/they, so the actor is in an earlier sentence."""
    return bool(_PRONOUN_START.match(span))


def full_name(name: str, text: str) -> str:
    """The longest name in ``text`` ending with ``name``'s surname ("Trump" → "Donald Trump")."""
    surname = name.split()[-1]
    best = name
    for m in re.finditer(rf"\b((?:{_CAP} ){{1,2}}){re.escape(surname)}\b", text):
        if find_actors(m.group(1)):
            continue
        words: list[str] = []
        for word in reversed(m.group(1).split()):  # only the unbroken run of given names before the surname
            if word in _common() or canonical_actor(word) is not None or re.fullmatch(_TITLE_WORD, word):
                break
            words.insert(0, word)
        candidate = " ".join([*words, surname])
        if len(candidate) > len(best):
            best = candidate
    return best


def is_common_word(word: str) -> bool:
    """True for capitalised words that are not names (articles, pronouns, months, titles, headline words)."""
    return word in _common()


def tidy_detail(text: str, limit: int = 200) -> str:
    """A detail span without edge punctuation or connectives, cut at a word boundary."""
    text = " ".join(text.split()).strip(" ,;:-—–\"“”'‘’")
    text = re.sub(r"^(?:and|but|or|that|to|for)\s+", "", text, flags=re.IGNORECASE)
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0]
    return text


def is_heading(sentence: str) -> bool:
    """True for a title-case headline ("Trump's Deadline Adds Pressure"), where capitals mark no names."""
    words = re.findall(r"[A-Za-z][\w’'-]*", sentence)
    if len(words) < 3 or sentence.rstrip().endswith((".", "?", "!")):
        return False
    capitalised = sum(1 for w in words if str(w)[:1].isupper())
    return capitalised / len(words) >= 0.75


def _looks_titled(span: str, pos: int) -> bool:
    """True when a single capitalised word follows a title or honorific ("President Reagan", "Mr. Trump")."""
    before = span[max(0, pos - 40) : pos]
    return bool(re.search(rf"(?:\b{_TITLE}|\b{_HONORIFIC})\s*$", before))
