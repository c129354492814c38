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

from extractors.negotiation.actors import ActorMention
from extractors.negotiation.affiliations import AffiliationReader, side_word
from extractors.negotiation.cast import Cast, Mention, Person, leader_index
from extractors.negotiation.groups import Group, find_group, negotiating_group
from extractors.negotiation.owners import possessive_owner
from extractors.negotiation.roles import Leader, Lexicon
from extractors.negotiation.runs import ARTICLED, WORD, Tok, capitalised_runs, is_dotted
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

_ADVERB = (
    r"(?:(?:also|then|later|earlier|again|previously|recently|further|once|had|has|have|was|is|[a-z]+ly)\s+)?"
)
_VERB_AFTER = re.compile(rf"\s+{_ADVERB}([a-z]+)\b")
# "told X" and "asked X" name the listener, not the speaker.
_LISTENER_VERBS = frozenset(
    {"told", "tells", "telling", "asked", "asks", "urged", "urges", "calls", "called"}
)
_HEADED_BODY = re.compile(r"\b(?:delegation|team|panel|negotiat\w*|talks|mission|side)\b")
_JOINED_BEFORE = re.compile(r"\b(?:for|of|on|and|&)\s$")
_FORMER = re.compile(r"\b(?:former|ex-)\s*$", re.IGNORECASE)
_RELATIVE_CLAUSE = re.compile(r",\s+(?:who|whose)\s[^,;:.\n\"“”()]{1,80},")
_WORD_BEFORE = re.compile(r"(\S+)\s+$")


def _not_name(low: str, lex: Lexicon) -> bool:
    """A word that makes a run a thing, in the singular or the plural ("Brigades", "Forces")."""
    return low in lex.not_name_words or (low.endswith("s") and low[:-1] in lex.not_name_words)


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
        self.lower_vocab = {w.casefold() for w in WORD.findall(text) if w.islower()}
        self.leader_keys, self.leader_surnames = leader_index(lex.leaders)
        self.sides = AffiliationReader(
            text, self.titles, self.cast, lex, self._leader_by_surname, self._sentence_start
        )

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

    def _runs(self) -> list[list[Tok]]:
        """Runs of capitalised words joined by single spaces, outside quotations and actor names."""
        return capitalised_runs(self.text, self._is_capital, self.lex)

    def _is_capital(self, tok: Tok) -> bool:
        """A word that could be part of a name: capitalised, not all caps, not quoted, not an actor."""
        w = tok.text
        if not (w[0].isupper() or ARTICLED.match(w)) or (len(w) > 1 and w.isupper()):
            return False
        return not self._masked(tok.start) and self.titles.actor_at(tok.start) is None

    # ---------------------------------------------------------------- one run

    def _consider(self, run: list[Tok]) -> None:
        """Decide whether a run names a person, and record it."""
        lead, name_toks = self._split_lead(run)
        name_toks = self._after_joined_title(run[0].start, name_toks)
        if not name_toks:
            return
        if any(_not_name(t.text.casefold(), self.lex) for t in name_toks):
            return
        if len(name_toks) == 1 and name_toks[0].text.casefold() in self.titles.title_words:
            return
        start, end = name_toks[0].start, name_toks[-1].end
        name = self.text[start:end]
        possessive = name_toks[-1].possessive
        known = self.cast.find(name)
        if known is not None:
            self._fuller_name(known, name, start, end)
            self._mention(known, start, end, possessive)
            return
        honorific = bool(lead) and (
            lead[-1].text in self.lex.honorifics or is_dotted(lead[-1].text, self.lex)
        )
        leader = self.leader_keys.get("".join(self.cast.tokens(name)))
        role = self.titles.before(start)
        if leader is None and len(name_toks) == 1:
            if name.casefold() in self.lower_vocab:
                return
            if role is not None and "," in self.text[role.start + len(role.text) : start]:
                return  # "Adviser on Peace, Reconciliation and Unity": a list inside a title
            if role or honorific or self._speech_after(end) or self._speech_before(start):
                leader = self._leader_by_surname(name)  # "President Reagan", "Lavrov said"
                if leader is not None and self.cast.tokens(name)[0] == self.cast.tokens(leader.name)[0]:
                    name = leader.name  # "Chairman Kim": a family name written first names nobody else
        owner = None
        if role is None:
            owner = possessive_owner(
                self.text, name_toks, self.titles, self.cast, self._common, self._masked, self._speech_after
            )
        if (
            leader is None
            and owner is None
            and not self._is_person(len(name_toks), start, end, role, honorific)
        ):
            return
        person = Person(name=name, start=start, end=end, leader=leader)
        if owner is not None:  # "Armenia's Ararat Mirzoyan": the state or group speaks through the person
            person.affiliation, person.role_kind = owner.canonical, "official"
        self.cast.people.append(person)
        self._mention(len(self.cast.people) - 1, start, end, possessive)

    def _fuller_name(self, idx: int, name: str, start: int, end: int) -> None:
        """ "Chairman Kim" first, "Kim Jong-un" later: keep the fuller name the text gives."""
        p = self.cast.people[idx]
        new, old = self.cast.tokens(name), self.cast.tokens(p.name)
        if len(new) > len(old) and all(t in new for t in old):
            p.name, p.start, p.end = name, start, end

    def _split_lead(self, run: list[Tok]) -> tuple[list[Tok], list[Tok]]:
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
                or is_dotted(tok.text, self.lex)
                or low in STOP_WORDS
                or (not last and low in self.titles.title_words)
            ):
                i += 1
                continue
            if not last and low in self.lower_vocab and low not in self.leader_keys:
                # "External Affairs Minister S Jaishankar": common words inside a title, not a place
                if not self._opens_sentence(tok.start) and not self._title_follows(run, i):
                    return run[:i], []
                i += 1
                continue
            break
        lead, name_toks = run[:i], run[i:]
        # "SciSpacE Team Leader Jennifer Ngo-Anh": the name starts after the last title inside the run
        inner = [k for k, t in enumerate(name_toks[:-1]) if t.text.casefold() in self.titles.title_words]
        if inner:
            lead, name_toks = lead + name_toks[: inner[-1] + 1], name_toks[inner[-1] + 1 :]
            if name_toks[0].text.casefold() in STOP_WORDS:
                return lead, []  # "… As Envoy Heads To Vienna": a headline in capitals, not a name
        # "He Jianxiong, the former director…", "Vice Premier He Lifeng": a family name like the pronoun
        if lead and lead[-1].text == "He" and len(name_toks) == 1:
            after_title = len(lead) > 1 and lead[-2].text.casefold() in self.titles.title_words
            if after_title or self.titles.after(name_toks[0].end):
                return lead[:-1], [lead[-1], *name_toks]
        return lead, name_toks

    def _after_joined_title(self, run_start: int, name_toks: list[Tok]) -> list[Tok]:
        """ "Minister for Foreign Affairs Penny Wong": a run that goes on a title joined by "for", "of",
        "on" or "and" starts the name where the title read from further in ends."""
        first = name_toks[0].start if name_toks else 0
        joined = _JOINED_BEFORE.search(self.text, max(0, run_start - 5), run_start)
        if len(name_toks) < 3 or not joined:
            return name_toks
        for k in range(1, len(name_toks) - 1):
            phrase = self.titles.before(name_toks[k].start)
            if phrase is not None and phrase.start < first:
                return name_toks[k:]
        return name_toks

    def _common(self, low: str) -> bool:
        """A lower-cased word the article uses in lower case, or a function word."""
        return low in self.lower_vocab or low in STOP_WORDS

    def _title_follows(self, run: list[Tok], i: int) -> bool:
        """Whether a title word comes later in the run, before its last word."""
        return any(t.text.casefold() in self.titles.title_words for t in run[i + 1 : -1])

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
            or self._speech_after(end, start)
            or self._speech_before(start)
            or self._heads_delegation(start)
            or self._coordinated(start) is not None
        )

    # ---------------------------------------------------------------- context tests

    def _speech_after(self, end: int, start: int | None = None) -> bool:
        """A speech verb right after the name; an appositive, a relative clause or an adverb between.

        With the name's ``start``, a name set off by commas after its title may close with one too.
        """
        pos = self.titles.appositive_end(end)
        if pos is None:
            clause = _RELATIVE_CLAUSE.match(self.text, end)  # "Mike Pompeo, who will travel with him, said"
            pos = clause.end() if clause is not None else end
        if pos == end and start is not None and self.text.startswith(",", end):
            role = self.titles.before(start)
            if role is not None and self.text[role.start : start].rstrip().endswith(","):
                pos = end + 1  # "Akinci's spokesman, Baris Burcu, said": the name is the appositive
        v = _VERB_AFTER.match(self.text, pos)
        return v is not None and v.group(1) in self.lex.speech_verbs and v.group(1) != "according"

    def _speech_before(self, start: int) -> bool:
        """ "said Phil Levy", "according to Ri Son-gwon", "said White House Press Secretary …"."""
        role = self.titles.before(start)
        at = role.start if role is not None else start
        m = re.search(r"\b([a-z]+)\s+(?:to\s+)?$", self.text[max(0, at - 40) : at])
        return m is not None and m.group(1) in self.lex.speech_verbs and m.group(1) not in _LISTENER_VERBS

    def _group(self, start: int) -> Group | None:
        """ "Ukraine's delegation, led by X", "Turkish officials, including X": (group words, offset, led)."""
        role = self.titles.before(start)
        at = role.start if role is not None else start
        former = _FORMER.search(self.text, max(0, at - 10), at)
        if former is not None:  # "led by former Nigerian head of state X"
            at = former.start()
        courtesy = _WORD_BEFORE.search(self.text, max(0, at - 12), at)
        if courtesy is not None and courtesy.group(1) in self.lex.honorifics:
            at = courtesy.start(1)  # "led by Mullah X", "headed by Dr. Y"
        return find_group(self.text, self._sentence_start(at), at)

    def _coordinated(self, start: int) -> Person | None:
        """ "negotiators Vladimir Medinsky and Igor Kostyukov", "Prime Ministers X of Greece and Y": the
        name before "and" under a plural title, its own side ("of Greece") allowed between."""
        for m in reversed(self.cast.mentions[-3:]):
            if not self.cast.people[m.person].shared_title:
                continue
            side = self.sides.after_name(m.end)
            gap_from = side[1] if side is not None else m.end
            if self.text[gap_from:start] in (" and ", ", ", ", and "):
                return self.cast.people[m.person]
        return None

    def _heads_delegation(self, start: int) -> bool:
        """ "Ukraine's delegation, led by X": only a negotiating group makes a bare name a person."""
        group = self._group(start)
        return group is not None and group[2] and negotiating_group(self.text, self.titles, group)

    # ---------------------------------------------------------------- people

    def _leader_by_surname(self, name: str) -> Leader | None:
        """A listed leader named by surname after a title ("President Reagan")."""
        return self.leader_surnames.get("".join(self.cast.tokens(name)))

    def _mention(self, idx: int, start: int, end: int, possessive: bool) -> None:
        """Record a mention and what its context says about the person."""
        self.cast.mentions.append(Mention(idx, start, end, possessive))
        p = self.cast.people[idx]
        if self._speech_after(end, start) or self._speech_before(start):
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
        former = _FORMER.search(self.text, max(0, phrase.start - 10), phrase.start) if phrase else None
        if phrase is not None and phrase.prename and former is not None:
            # "the AU's envoy for the region, former Nigerian President X": the office held now counts
            phrase = self.titles.fronted(former.start()) or phrase
        if phrase is not None:
            p.role = self.titles.label(phrase)
            p.role_kind = self.titles.classify(phrase)
            last = phrase.text.split()[-1].casefold()
            p.shared_title = phrase.prename and last.endswith("s") and last[:-1] in self.titles.title_words
        elif (partner := self._coordinated(start)) is not None:
            p.role, p.role_kind = partner.role, partner.role_kind
            # "Presidents Donald Trump and Vladimir Putin": a listed leader keeps their own state
            if p.leader is None and self.sides.after_name(end) is None:
                p.affiliation = partner.affiliation
        if p.affiliation is None and (phrase is None or phrase.prename) and p.role_kind is not None:
            side = self.sides.after_name(end)  # "Prime Minister X of Greece": the text names the side
            p.affiliation = side[0] if side is not None else None
        if phrase is not None and LEADS_RELATIVE.match(phrase.text) and _HEADED_BODY.search(phrase.text):
            p.group_head = True  # "X, who heads the rebel negotiating panel,"
            p.role_kind = p.role_kind or "official"
        group = self._group(start)
        if group is not None and group[2] and negotiating_group(self.text, self.titles, group):
            p.group_head = True
            p.role = p.role or "head of delegation"
            p.role_kind = p.role_kind or "official"
        if p.affiliation is None and phrase is not None and phrase.prename:
            # "The bloc's chairman, Nigerian President X": the office held in the talks wins
            p.affiliation = self.sides.fronted_body(self.titles.fronted(phrase.start))
        if p.affiliation is None and former is not None:
            p.affiliation = self.sides.alongside(former.start())  # "the AU envoy X, alongside former …"
        if p.affiliation is None:
            p.affiliation = self.sides.of(p, phrase, group)
        if p.affiliation is None:
            p.side_word = side_word(phrase, group)

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
