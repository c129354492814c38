"""Find the people an article names, with the role and affiliation the text gives them.

A person is a run of capitalised words that is not a state or organisation and that the
text treats as a person: a title or courtesy title before it ("Kremlin spokesman Dmitry
Peskov", "Mr Blair"), an appositive after it ("John Maslen, head of the EC delegation"), a
speech verb next to it ("Fidan said"), "led by" before it, or a well-known leader's name.
Later mentions by surname ("Peskov said") join the first mention, so each person is kept
once under the full name the text first used. Quoted words are skipped: a name inside a
quotation is the speaker's, not the reporter's.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from extractors.negotiation.actors import ActorMention
from extractors.negotiation.cast import Cast, Mention, Person, leader_index
from extractors.negotiation.roles import Leader, Lexicon
from extractors.negotiation.subjects import sentence_subjects
from extractors.negotiation.titles import ACTOR_KINDS, LEADS_RELATIVE, STOP_WORDS, Phrase, TitleReader

__all__ = ["find_cast"]


def find_cast(
    text: str,
    sentences: Sequence[tuple[int, int]],
    masked: Sequence[tuple[int, int]],
    actors: Sequence[ActorMention],
    lex: Lexicon,
) -> Cast:
    """Find every person the text names outside quotations.

    Args:
        text: the article text.
        sentences: (start, end) spans of the sentences, in order.
        masked: (start, end) spans to skip (the quotations, marks included), in order.
        actors: the actor mentions of ``text`` (states, organisations, metonyms, demonyms).
        lex: the people lexicon.

    Returns:
        The cast: people in order of first mention, their mentions, and the sentence subjects.
    """
    finder = _Finder(text, sentences, masked, actors, lex)
    finder.run()
    return finder.cast


# --------------------------------------------------------------------------- the finder

_WORD = re.compile(r"[^\W\d_][\w\-]*(?:['’][^\W\d_][\w\-]*)*")
_PARTICLES = frozenset(
    {"bin", "ibn", "bint", "al", "el", "de", "da", "di", "du", "van", "von", "der", "den", "la", "le", "dos",
     "das", "del"}
)  # fmt: skip
# "al-Hayya", "bin-Salman": a family name behind a lower-case article
_ARTICLED = re.compile(r"(?:al|el|ad|ash|as|at|ar|an|az|bin|ben|abu|abd|ibn)-[A-Z]")
_DOTTED = frozenset(
    {"Mr", "Mrs", "Ms", "Dr", "Gen", "Lt", "Col", "Sen", "Rep", "Gov", "Prof", "St", "Jr", "Sr"}
)
_ADVERB = (
    r"(?:(?:also|then|later|earlier|again|previously|recently|further|once|had|has|have|was|is|[a-z]+ly)\s+)?"
)
_VERB_AFTER = re.compile(rf"\s+{_ADVERB}([a-z]+)\b")
# "told X" and "asked X" name the listener, not the speaker.
_LISTENER_VERBS = frozenset(
    {"told", "tells", "telling", "asked", "asks", "urged", "urges", "calls", "called"}
)
_DELEGATION = re.compile(
    r"\b(?:delegation|delegations|negotiators|negotiating team|delegates|envoys|mission)\b"
)
_HEADED_BODY = re.compile(r"\b(?:delegation|team|panel|negotiat\w*|talks|mission)\b")
_GROUP = re.compile(r"\b(led by|headed by|including|among them|such as)\s+(?:[^.;:]{0,80}?(?:,|\band)\s+)?$")


@dataclass(frozen=True)
class _Tok:
    text: str
    start: int
    end: int
    possessive: bool


class _Finder:
    """One pass over an article's capitalised words; a class only to share the article's indexes."""

    def __init__(
        self,
        text: str,
        sentences: Sequence[tuple[int, int]],
        masked: Sequence[tuple[int, int]],
        actors: Sequence[ActorMention],
        lex: Lexicon,
    ) -> None:
        self.text = text
        self.sentences = list(sentences)
        self.sentence_starts = [s for s, _ in self.sentences]
        self.masked = list(masked)
        self.mask_starts = [s for s, _ in self.masked]
        self.lex = lex
        self.cast = Cast()
        named_actors = [a for a in actors if a.kind in ACTOR_KINDS]  # not cities, not leaders' names
        self.titles = TitleReader(text, named_actors, lex, self._named)
        self.lower_vocab = {w.casefold() for w in _WORD.findall(text) if w.islower()}
        self.leader_keys, self.leader_surnames = leader_index(lex.leaders)

    def run(self) -> None:
        """Scan the text's capitalised runs in order and record people and their mentions."""
        for run in self._runs():
            self._consider(run)
        self.cast.mentions.sort(key=lambda m: m.start)
        self.cast.subjects = sentence_subjects(
            self.text,
            self.sentences,
            self.cast.mentions,
            self._masked,
            lambda pos: self.titles.actor_at(pos) is not None,
            self.lower_vocab | STOP_WORDS | self.lex.not_name_words,
            self.lex,
        )

    # ---------------------------------------------------------------- runs of capitalised words

    def _runs(self) -> list[list[_Tok]]:
        """Runs of capitalised words joined by single spaces, outside quotations and actor names."""
        runs: list[list[_Tok]] = []
        cur: list[_Tok] = []
        for m in _WORD.finditer(self.text):
            word = m.group()
            if (
                not word[0].isupper()
                and word not in _PARTICLES
                and ("-" not in word or not _ARTICLED.match(word))  # "-" first: most words have none
            ):
                if cur:  # a lower-case word ends a run (the common case, decided without a token)
                    runs.append(cur)
                    cur = []
                continue
            start, end = m.start(), m.end()
            possessive = len(word) > 2 and word[-2] in "'’" and word[-1] in "sS"
            if possessive:
                word, end = word[:-2], end - 2
            tok = _Tok(word, start, end, possessive)
            capital = self._is_capital(tok)
            particle = word in _PARTICLES and bool(cur)
            if cur and (capital or particle) and self._joins(cur[-1], tok):
                cur.append(tok)
            else:
                if cur:
                    runs.append(cur)
                cur = [tok] if capital else []
            if cur and tok.possessive:
                runs.append(cur)
                cur = []
        if cur:
            runs.append(cur)
        trimmed = []
        for run in runs:
            while run and run[-1].text in _PARTICLES:
                run = run[:-1]
            if run:
                trimmed.append(run)
        return trimmed

    def _is_capital(self, tok: _Tok) -> bool:
        """A word that could be part of a name: capitalised, not all caps, not quoted, not an actor."""
        w = tok.text
        if not (w[0].isupper() or _ARTICLED.match(w)) or (len(w) > 1 and w.isupper()):
            return False
        return not self._masked(tok.start) and self.titles.actor_at(tok.start) is None

    def _joins(self, prev: _Tok, tok: _Tok) -> bool:
        """Whether two words belong to one run: a single space, or ". " after an initial or "Mr"."""
        if prev.possessive:
            return False
        gap = self.text[prev.end : tok.start]
        return gap == " " or (gap == ". " and (len(prev.text) == 1 or prev.text in _DOTTED))

    # ---------------------------------------------------------------- one run

    def _consider(self, run: list[_Tok]) -> None:
        """Decide whether a run names a person, and record it."""
        lead, name_toks = self._split_lead(run)
        if not name_toks:
            return
        if any(t.text.casefold() in self.lex.not_name_words for t in name_toks):
            return
        if len(name_toks) == 1 and name_toks[0].text.casefold() in self.titles.title_words:
            return
        start, end = name_toks[0].start, name_toks[-1].end
        name = self.text[start:end]
        possessive = name_toks[-1].possessive
        known = self.cast.find(name)
        if known is not None:
            self._mention(known, start, end, possessive)
            return
        honorific = bool(lead) and (lead[-1].text in self.lex.honorifics or lead[-1].text in _DOTTED)
        leader = self.leader_keys.get("".join(self.cast.tokens(name)))
        role = self.titles.before(start)
        if leader is None and len(name_toks) == 1:
            if name.casefold() in self.lower_vocab:
                return
            if role or honorific or self._speech_after(end) or self._speech_before(start):
                leader = self._leader_by_surname(name)  # "President Reagan", "Lavrov said"
        if leader is None and not self._is_person(len(name_toks), start, end, role, honorific):
            return
        self.cast.people.append(Person(name=name, start=start, end=end, leader=leader))
        self._mention(len(self.cast.people) - 1, start, end, possessive)

    def _split_lead(self, run: list[_Tok]) -> tuple[list[_Tok], list[_Tok]]:
        """Split titles, courtesy titles and sentence-opening words off the front of a run.

        A capitalised common word ("New" in "New York") that does not open a sentence makes
        the run a place or a thing: the name part comes back empty.
        """
        i = 0
        while i < len(run):
            tok, last = run[i], i == len(run) - 1
            low = tok.text.casefold()
            if (
                tok.text in self.lex.honorifics
                or tok.text in _DOTTED
                or low in STOP_WORDS
                or (not last and low in self.titles.title_words)
            ):
                i += 1
                continue
            if not last and low in self.lower_vocab and low not in self.leader_keys:
                if not self._opens_sentence(tok.start):
                    return run[:i], []
                i += 1
                continue
            break
        lead, name_toks = run[:i], run[i:]
        # "SciSpacE Team Leader Jennifer Ngo-Anh": the name starts after the last title inside the run
        inner = [k for k, t in enumerate(name_toks[:-1]) if t.text.casefold() in self.titles.title_words]
        if inner:
            lead, name_toks = lead + name_toks[: inner[-1] + 1], name_toks[inner[-1] + 1 :]
        # "He Jianxiong, the former director…", "Vice Premier He Lifeng": a family name like the pronoun
        if lead and lead[-1].text == "He" and len(name_toks) == 1:
            after_title = len(lead) > 1 and lead[-2].text.casefold() in self.titles.title_words
            if after_title or self.titles.after(name_toks[0].end):
                return lead[:-1], [lead[-1], *name_toks]
        return lead, name_toks

    def _is_person(self, n_words: int, start: int, end: int, role: Phrase | None, honorific: bool) -> bool:
        """Whether the context treats a new capitalised run as a person."""
        if role is not None or honorific:
            return True
        if n_words < 2:
            return False
        appositive = self.titles.after(end)
        return (
            (
                appositive is not None
                and (
                    self.titles.title_in(appositive.text) is not None
                    or LEADS_RELATIVE.match(appositive.text) is not None
                )
            )
            or self._speech_after(end)
            or self._speech_before(start)
            or self._heads_delegation(start)
            or self._coordinated(start) is not None
        )

    # ---------------------------------------------------------------- context tests

    def _speech_after(self, end: int) -> bool:
        """A speech verb right after the name; an appositive and an adverb may come between."""
        pos = self.titles.appositive_end(end) or end
        v = _VERB_AFTER.match(self.text, pos)
        return v is not None and v.group(1) in self.lex.speech_verbs and v.group(1) != "according"

    def _speech_before(self, start: int) -> bool:
        """ "said Phil Levy", "according to Ri Son-gwon", "said White House Press Secretary …"."""
        role = self.titles.before(start)
        at = role.start if role is not None else start
        m = re.search(r"\b([a-z]+)\s+(?:to\s+)?$", self.text[max(0, at - 40) : at])
        return m is not None and m.group(1) in self.lex.speech_verbs and m.group(1) not in _LISTENER_VERBS

    def _group(self, start: int) -> tuple[str, int, bool] | None:
        """ "Ukraine's delegation, led by X", "Turkish officials, including X": (group words, offset, led)."""
        role = self.titles.before(start)
        at = role.start if role is not None else start
        sent_start = self._sentence_start(at)
        m = _GROUP.search(self.text, sent_start, at)
        if m is None:
            return None
        g_start = max(sent_start, m.start() - 80)
        return self.text[g_start : m.start()], g_start, m.group(1) in ("led by", "headed by")

    def _coordinated(self, start: int) -> Person | None:
        """ "negotiators Vladimir Medinsky and Igor Kostyukov": the name before "and" under a plural title."""
        for m in reversed(self.cast.mentions[-3:]):
            if self.text[m.end : start] in (" and ", ", ") and self.cast.people[m.person].shared_title:
                return self.cast.people[m.person]
        return None

    def _negotiating_group(self, group: tuple[str, int, bool]) -> bool:
        """A delegation, or a state's team ("a Ukrainian team led by…"), not a company's."""
        words = group[0][-40:]
        if _DELEGATION.search(words):
            return True
        tail = group[1] + len(group[0]) - len(words)
        return bool(re.search(r"\bteam\b", words)) and bool(
            self.titles.actors_in(tail, group[1] + len(group[0]))
        )

    def _heads_delegation(self, start: int) -> bool:
        """ "Ukraine's delegation, led by X": only a negotiating group makes a bare name a person."""
        group = self._group(start)
        return group is not None and group[2] and self._negotiating_group(group)

    # ---------------------------------------------------------------- people

    def _leader_by_surname(self, name: str) -> Leader | None:
        """A listed leader named by surname after a title ("President Reagan")."""
        return self.leader_surnames.get("".join(self.cast.tokens(name)))

    def _mention(self, idx: int, start: int, end: int, possessive: bool) -> None:
        """Record a mention and what its context says about the person."""
        self.cast.mentions.append(Mention(idx, start, end, possessive))
        p = self.cast.people[idx]
        if self._speech_after(end) or self._speech_before(start):
            p.spoke = True
        if p.role is None:
            self._describe(p, start, end)
        after = self.text[end : end + 60].casefold()
        if self.lex.mediator_as_re.search(after):
            p.mediator = True
        appositive = self.titles.after(end)
        if appositive is not None and any(w in appositive.text.casefold() for w in self.lex.mediator_words):
            p.mediator = True

    def _describe(self, p: Person, start: int, end: int) -> None:
        """Fill role, role kind and affiliation from the title before the name or the appositive after it."""
        phrase = self.titles.before(start) or self.titles.after(end)
        if phrase is not None:
            p.role = self.titles.label(phrase)
            p.role_kind = self.titles.classify(phrase)
            last = phrase.text.split()[-1].casefold()
            p.shared_title = phrase.prename and last.endswith("s") and last[:-1] in self.titles.title_words
        elif (partner := self._coordinated(start)) is not None:
            p.role, p.role_kind, p.affiliation = partner.role, partner.role_kind, partner.affiliation
        if phrase is not None and LEADS_RELATIVE.match(phrase.text) and _HEADED_BODY.search(phrase.text):
            p.group_head = True  # "X, who heads the rebel negotiating panel,"
            p.role_kind = p.role_kind or "official"
        group = self._group(start)
        if group is not None and group[2] and self._negotiating_group(group):
            p.group_head = True
            p.role = p.role or "head of delegation"
            p.role_kind = p.role_kind or "official"
        if p.affiliation is None:
            p.affiliation = self._affiliation(p, phrase, group)

    def _affiliation(
        self, p: Person, phrase: Phrase | None, group: tuple[str, int, bool] | None
    ) -> str | None:
        """The state or organisation the person acts for, as the text (or the leader list) states it."""
        if group is not None:
            for a in reversed(self.titles.actors_in(group[1], group[1] + len(group[0]))):
                return a.canonical  # the side named nearest "led by"
        if phrase is not None:
            found = self.titles.affiliation(phrase)
            if found is not None:
                return found
        if p.leader is not None:
            return p.leader.affiliation
        if phrase is None:
            return None
        owner = self._owner(phrase.start)
        if owner is not None and owner.affiliation:
            return owner.affiliation  # "Putin's special envoy Kirill Dmitriev"
        lead_word = re.match(r"([A-Z][\w-]+)['’]s\s", phrase.text)
        if lead_word is not None and (ld := self._leader_by_surname(lead_word.group(1))) is not None:
            return ld.affiliation  # "Steve Witkoff, Trump's special envoy"
        if re.search(r"\b(?:his|her)\s+$", self.text[max(0, phrase.start - 8) : phrase.start]):
            # "Trump's remarks came as his ambassador …": the ambassador serves the person just named
            sent_start = self._sentence_start(phrase.start)
            for m in reversed(self.cast.mentions):
                if sent_start <= m.start < phrase.start and self.cast.people[m.person].affiliation:
                    return self.cast.people[m.person].affiliation
        title = self.titles.title_in(phrase.text)
        return self.lex.title_affiliations.get(title) if title is not None else None

    def _owner(self, phrase_start: int) -> Person | None:
        """The person whose possessive stands right before a role phrase ("Putin's special envoy")."""
        for m in reversed(self.cast.mentions[-4:]):
            if m.possessive and (
                m.start == phrase_start or re.fullmatch(r"['’]s\s+", self.text[m.end : phrase_start])
            ):
                return self.cast.people[m.person]
        return None

    # ---------------------------------------------------------------- subjects and indexes

    def _opens_sentence(self, pos: int) -> bool:
        """Whether ``pos`` is the first word of its sentence or line."""
        i = bisect.bisect_right(self.sentence_starts, pos) - 1
        start = self.sentences[i][0] if i >= 0 else 0
        line_start = self.text.rfind("\n", 0, pos) + 1
        return not self.text[max(start, line_start) : pos].strip(" \"'“‘([—–-")

    def _sentence_start(self, pos: int) -> int:
        """Start of the sentence holding ``pos`` (0 when sentences are unknown)."""
        i = bisect.bisect_right(self.sentence_starts, pos) - 1
        return self.sentences[i][0] if i >= 0 else 0

    def _masked(self, pos: int) -> bool:
        """Whether ``pos`` lies inside a quotation."""
        i = bisect.bisect_right(self.mask_starts, pos) - 1
        return i >= 0 and self.masked[i][0] <= pos < self.masked[i][1]

    def _named(self, pos: int) -> bool:
        """Whether ``pos`` lies in a person's name already found (role phrases stop there)."""
        return any(m.start <= pos < m.end for m in self.cast.mentions[-8:])
