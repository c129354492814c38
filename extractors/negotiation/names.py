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
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from extractors.negotiation.actors import ActorMention
from extractors.negotiation.roles import Leader, Lexicon

__all__ = ["Cast", "Mention", "Person", "find_cast", "is_speech_verb"]


@dataclass
class Person:
    """One person, gathered over all their mentions (mutable while the cast is built)."""

    name: str
    start: int
    end: int
    role: str | None = None
    role_kind: str | None = None  # official | legislator | outside | None
    role_start: int = -1
    role_end: int = -1
    affiliation: str | None = None
    leader: Leader | None = None
    spoke: bool = False
    group_head: bool = False
    mediator: bool = False


@dataclass(frozen=True)
class Mention:
    """A span of the text naming ``person`` (an index into :attr:`Cast.people`)."""

    person: int
    start: int
    end: int
    possessive: bool = False  # "Kim's overtures": a modifier, not the subject of the sentence


@dataclass
class Cast:
    """The people of one article and where the text names them."""

    people: list[Person] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    subjects: list[tuple[int, int]] = field(default_factory=list)  # (position, person) of sentence subjects

    def topic_at(self, pos: int) -> int | None:
        """The person the story is about at ``pos``: the last sentence subject before it ("he" resolves here)."""
        i = bisect.bisect_left(self.subjects, (pos, -1))
        return self.subjects[i - 1][1] if i else None

    def mentions_between(self, start: int, end: int) -> list[Mention]:
        """Mentions that start inside [start, end), in order."""
        return [m for m in self.mentions if start <= m.start < end]

    def last_with_role(self, noun: str, pos: int) -> int | None:
        """The most recently mentioned person before ``pos`` whose role contains ``noun`` ("the minister")."""
        for m in reversed(self.mentions):
            role = self.people[m.person].role
            if m.start < pos and role and re.search(rf"\b{re.escape(noun)}\b", role, re.IGNORECASE):
                return m.person
        return None


# --------------------------------------------------------------------------- word lists

_WORD = re.compile(r"[^\W\d_][\w\-]*(?:['’][^\W\d_][\w\-]*)*")
_PARTICLES = frozenset({"bin", "ibn", "bint", "al", "el", "de", "da", "di", "du", "van", "von", "der", "den",
                        "la", "le", "dos", "das", "del"})  # fmt: skip
_DOTTED = frozenset({"Mr", "Mrs", "Ms", "Dr", "Gen", "Lt", "Col", "Sen", "Rep", "Gov", "Prof", "St", "Jr",
                     "Adm", "Capt", "Maj", "Sgt", "Sr"})  # fmt: skip
# Capitalised words that start sentences or headlines but never names.
_STOP = frozenset(
    """the a an but and or nor in on at as when while after before despite although though if with without for
    from by to of this that these those it its he she his her they their them we our us i you your both some many
    senior another earlier later last next under over during since until then also still even yet so such only
    asked leaving welcoming according one two three four five six seven eight nine ten first second third
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
    september october november december mon tue wed thu fri sat sun jan feb mar apr jun jul aug sep sept oct nov
    dec today yesterday tomorrow read follow watch more breaking update updated advertisement photo video
    there here where what who whom whose which why how all any each every no not none other others several
    few most much meanwhile however moreover instead among amid against between through within across toward
    towards upon into onto off out up down around about above below near like unlike than via per""".split()
)
# Words that make a capitalised run an institution, place or event rather than a person.
_NOT_NAME = frozenset(
    """institute bank palace council ministry department agency committee commission organization organisation
    union party university college school times post news journal street square hall house office court corp
    corporation company group exchange conference summit agreement treaty accord pact talks games olympics
    cup league force forces army navy front movement network foundation fund association federation republic
    kingdom province region state states island islands sea river valley mountains airport hotel center centre
    zone line day week war church mosque temple airlines twitter facebook telegram reuters instagram youtube
    tiktok whatsapp motors inc ltd plc llc club stadium square avenue road bridge gulf ocean peninsula strait
    museum library program programme plan initiative project operation act bill law constitution assembly
    parliament congress senate cabinet government administration regime court tribunal press agence service
    services media television radio channel magazine daily weekly monthly gazette herald tribune guardian
    telegraph observer economist bureau authority authorities police guard guards brigade division battalion
    corps command headquarters embassy consulate mission declaration memorandum framework round phase
    ceasefire truce peace deal deadline sanctions tariffs""".split()
)
_ADVERB = r"(?:(?:also|then|later|earlier|again|previously|recently|further|once|had|has|have|was|is|would|will|"\
          r"[a-z]+ly)\s+)?"  # fmt: skip
_RELATIVE = re.compile(r"(?:who|which|that|where|when|whose|whom)\b")
_APPOSITIVE = re.compile(r",\s+((?:[A-Z]\.(?:[A-Z]\.)*|[^,;:.\n()]|\([^)\n]*\))+)")
_PRONOUNS = re.compile(r"\b(?:he|she|He|She)\b")
_ROLE_MODIFIERS = frozenset(
    """presidential senior top deputy assistant acting interim special chief trade foreign defence defense
    security military state press arms lead principal new veteran national general executive vice ruling
    intelligence prime first second under associate permanent high supreme federal regional""".split()
)
_CONNECTORS = frozenset({"of", "the", "to"})
_LISTENER_VERBS = frozenset({"told", "tells", "telling", "asked", "asks", "urged", "urges", "calls", "called"})
_DETERMINERS = frozenset({"a", "an", "the", "his", "her", "its", "their", "our", "one", "another", "also", "as"})


def is_speech_verb(word: str, lex: Lexicon) -> bool:
    """Whether ``word`` reports speech ("said", "told", "added"…), ignoring case."""
    return word.casefold() in lex.speech_verbs


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


@dataclass(frozen=True)
class _Tok:
    text: str
    start: int
    end: int
    possessive: bool


class _Finder:
    """One pass over an article's capitalised words; kept as a class to share the indexes."""

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
        self.actors = [a for a in actors if a.kind != "city"]
        self.actor_starts = [a.start for a in self.actors]
        self.lex = lex
        self.cast = Cast()
        self.lower_vocab = {m.group().casefold() for m in _WORD.finditer(text) if m.group().islower()}
        self.title_words = {w for t in lex.titles for w in t.split()}
        self.leader_keys = {_key(v): ld for ld in lex.leaders for v in (ld.name, *ld.variants)}

    # ---------------------------------------------------------------- driver

    def run(self) -> None:
        """Scan the text's capitalised runs in order and record people and their mentions."""
        for run in self._runs():
            self._consider(run)
        self.cast.mentions.sort(key=lambda m: m.start)
        self._subjects()

    def _runs(self) -> list[list[_Tok]]:
        """Runs of capitalised words joined by single spaces, outside quotations and actor names."""
        runs: list[list[_Tok]] = []
        cur: list[_Tok] = []
        for m in _WORD.finditer(self.text):
            word, start, end = m.group(), m.start(), m.end()
            possessive = False
            if len(word) > 2 and word[-2] in "'’" and word[-1] in "sS":
                word, end, possessive = word[:-2], end - 2, True
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
        out = []
        for run in runs:
            while run and run[-1].text in _PARTICLES:
                run = run[:-1]
            if run:
                out.append(run)
        return out

    def _is_capital(self, tok: _Tok) -> bool:
        """A word that could be part of a name: capitalised, not all caps, not quoted, not an actor."""
        w = tok.text
        if not w[0].isupper() or (len(w) > 1 and w.isupper()):
            return False
        return not self._masked(tok.start) and self._actor_at(tok.start) is None

    def _joins(self, prev: _Tok, tok: _Tok) -> bool:
        """Whether two words belong to one run: a single space, or ". " after an initial or "Mr"."""
        if prev.possessive:
            return False
        gap = self.text[prev.end : tok.start]
        if gap == " ":
            return True
        return gap == ". " and (len(prev.text) == 1 or prev.text in _DOTTED)

    # ---------------------------------------------------------------- one run

    def _consider(self, run: list[_Tok]) -> None:
        """Decide whether a run names a person, and record it."""
        lead: list[_Tok] = []
        i = 0
        while i < len(run) - 1 or (i < len(run) and self._is_lead(run[i], last=True)):
            if not self._is_lead(run[i], last=i == len(run) - 1):
                break
            lead.append(run[i])
            i += 1
        name_toks = run[i:]
        if not name_toks:
            return
        # "He Jianxiong, the former director…": a pronoun-looking family name before a given name.
        if lead and lead[-1].text == "He" and len(name_toks) == 1 and self._followed_by_apposition(name_toks[-1].end):
            name_toks = [lead.pop(), *name_toks]
        if any(t.text.casefold() in _NOT_NAME for t in name_toks):
            return
        if len(name_toks) == 1 and name_toks[0].text.casefold() in self.title_words:
            return
        start, end = name_toks[0].start, name_toks[-1].end
        name = self.text[start:end]
        honorific = bool(lead) and lead[-1].text in self.lex.honorifics
        known = self._known(name)
        if known is not None:
            self._mention(known, start, end, name_toks[-1].possessive)
            return
        leader = self.leader_keys.get(_key(name))
        role = self._role_before(start)
        if leader is None and len(name_toks) == 1:
            leader = self._leader_by_surname(name) if (role or honorific) else None
        if leader is None and not self._is_person(name_toks, start, end, role, honorific):
            return
        if len(name_toks) == 1 and name.casefold() in self.lower_vocab and leader is None:
            return
        person = Person(name=name, start=start, end=end, leader=leader)
        self.cast.people.append(person)
        idx = len(self.cast.people) - 1
        self._mention(idx, start, end, name_toks[-1].possessive)
        if person.role is None:
            self._describe(person, start, end, role)

    def _is_lead(self, tok: _Tok, last: bool) -> bool:
        """A word to drop from the front of a run: a title word, a courtesy title or a common word."""
        w = tok.text
        if w in self.lex.honorifics:
            return True
        low = w.casefold()
        if low in _STOP:
            return True
        if low in self.title_words and not last:
            return True
        return not last and low in self.lower_vocab and low not in self.leader_keys

    def _is_person(self, toks: list[_Tok], start: int, end: int, role: tuple[int, str] | None, honorific: bool) -> bool:
        """Whether the context treats a new capitalised run as a person."""
        if role is not None or honorific:
            return True
        if len(toks) < 2:
            return False
        return (
            self._followed_by_apposition(end)
            or self._speech_after(end) is not None
            or self._speech_before(start)
            or self._led_by(start) is not None
        )

    # ---------------------------------------------------------------- context tests

    def _followed_by_apposition(self, end: int) -> bool:
        """", a spokesman for…", ", the father of…", ", head of…" right after the name."""
        m = _APPOSITIVE.match(self.text, end)
        if m is None:
            return False
        body = m.group(1).strip()
        if not body or _RELATIVE.match(body):
            return False
        first = re.sub(r"['’]s$", "", body.split()[0]).casefold()
        return (
            first in _DETERMINERS
            or first in self.title_words
            or first in _ROLE_MODIFIERS
            or first in self.lex.outside_markers
            or self._actor_at(m.start(1)) is not None
        )

    def _speech_after(self, end: int) -> int | None:
        """Offset of a speech verb right after the name (an appositive and an adverb may come between)."""
        pos = end
        m = _APPOSITIVE.match(self.text, pos)
        if m is not None and not _RELATIVE.match(m.group(1).strip()):
            after = self.text[m.end() : m.end() + 2]
            if after.startswith(","):
                pos = m.end() + 1
        v = re.compile(rf"\s+{_ADVERB}([a-z]+)\b").match(self.text, pos)
        if v is not None and is_speech_verb(v.group(1), self.lex) and v.group(1) != "according":
            return v.start(1)
        return None

    def _speech_before(self, start: int) -> bool:
        """"said Phil Levy", "according to Ri Son-gwon", "said White House Press Secretary …"."""
        role = self._role_before(start)
        at = role[0] if role is not None else start
        before = self.text[max(0, at - 40) : at]
        m = re.search(r"\b([a-z]+)\s+(?:to\s+)?$", before)
        # "told X" and "asked X" name the listener, not the speaker
        return m is not None and is_speech_verb(m.group(1), self.lex) and m.group(1) not in _LISTENER_VERBS

    def _led_by(self, start: int) -> str | None:
        """"led by X", "headed by X", "including X": the group phrase before it, else None."""
        role = self._role_before(start)
        at = role[0] if role is not None else start
        sent_start = self._sentence_start(at)
        before = self.text[sent_start:at]
        m = re.search(r"\b(led by|headed by|including|among them|such as)\s+(?:[^.;:]{0,80}?(?:,|\band)\s+)?$", before)
        if m is None:
            return None
        return before[max(0, m.start() - 80) : m.start()]

    def _role_before(self, start: int) -> tuple[int, str] | None:
        """The title phrase right before a name ("Turkish Foreign Minister", "the Under Secretary of Commerce,").

        Returns (phrase start, phrase text) when the phrase holds a listed title, else None.
        """
        line_start = self.text.rfind("\n", 0, start) + 1
        before = self.text[line_start:start]
        comma = False
        stripped = before.rstrip()
        if stripped.endswith(","):
            comma = True
            stripped = stripped[:-1]
        elif before and not before.endswith(" "):
            return None
        words = list(re.finditer(r"\S+", stripped))
        keep = len(words)
        for k in range(len(words) - 1, -1, -1):
            if not self._role_word(words[k].group(), words[k].start() + line_start):
                break
            keep = k
        phrase_words = words[keep:]
        while phrase_words and (low := phrase_words[0].group().casefold()) in _CONNECTORS | _DETERMINERS | _STOP and (
            low not in self.title_words
        ):
            phrase_words = phrase_words[1:]
        if phrase_words and phrase_words[-1].group().casefold() in _CONNECTORS:
            return None  # "Ministry of International Trade": a name of a thing, not a title
        if not phrase_words:
            return None
        p_start = line_start + phrase_words[0].start()
        phrase = self.text[p_start : line_start + phrase_words[-1].end()]
        if self._title_in(phrase) is None:
            return None
        if comma:  # "the Deputy U.S. Trade Representative, Michael Smith": needs a determiner before it
            prev = stripped[: phrase_words[0].start()].split()
            if prev and prev[-1].casefold() not in _DETERMINERS and not prev[-1].endswith((",", ":")):
                return None
        return p_start, phrase

    def _role_word(self, word: str, pos: int) -> bool:
        """A word that can sit in a title phrase before a name."""
        w = word
        if any(m.start <= pos < m.end for m in self.cast.mentions[-8:]):
            return False
        if w.endswith((",", ".", ";", ":")) and not re.fullmatch(r"(?:[A-Z]\.)+", w) and w not in (
            "Gen.", "Lt.", "Col.", "Sen.", "Rep.", "Prof.", "Mr.", "Dr."
        ):
            return False
        bare = re.sub(r"['’]s$", "", w)
        low = bare.casefold()
        if low in self.lex.speech_verbs:
            return False
        if low in self.title_words or low in _ROLE_MODIFIERS or low in _CONNECTORS or low in self.lex.negotiation_words:
            return True
        if self._actor_at(pos) is not None:
            return True
        if re.fullmatch(r"\([A-Z][\w.]*\)", w):
            return True
        return bool(bare[:1].isupper()) and low not in _STOP

    def _title_in(self, phrase: str) -> str | None:
        """The longest listed title inside ``phrase`` (case-insensitive, whole words), or None."""
        low = " ".join(phrase.split()).casefold()
        best: str | None = None
        for title in self.lex.titles:
            if re.search(rf"(?<![\w-]){re.escape(title)}(?![\w-])", low) and (best is None or len(title) > len(best)):
                best = title
        return best

    # ---------------------------------------------------------------- people

    def _known(self, name: str) -> int | None:
        """The person already found whom ``name`` names (full name, surname, or given-name-first surname)."""
        key = _key(name)
        toks = _norm_tokens(name)
        best: int | None = None
        for idx, p in enumerate(self.cast.people):
            ptoks = _norm_tokens(p.name)
            if _key(p.name) == key:
                return idx
            if p.leader is not None and key in {_key(v) for v in (p.leader.name, *p.leader.variants)}:
                return idx
            if len(toks) == 1 and toks[0] in (ptoks[-1], ptoks[0]) or (
                len(toks) >= 2 and len(ptoks) >= 2 and toks[-1] == ptoks[-1] and toks[0][0] == ptoks[0][0]
            ):
                best = idx  # the latest person with that surname wins
        return best

    def _leader_by_surname(self, name: str) -> Leader | None:
        """A listed leader named by surname after a title ("President Reagan")."""
        key = _key(name)
        for ld in self.lex.leaders:
            for v in (ld.name, *ld.variants):
                toks = _norm_tokens(v)
                if key in (toks[-1], toks[0]) and len(toks) > 1 or key == _key(v):
                    return ld
        return None

    def _mention(self, idx: int, start: int, end: int, possessive: bool) -> None:
        """Record a mention and what its context says about the person."""
        self.cast.mentions.append(Mention(idx, start, end, possessive))
        p = self.cast.people[idx]
        if self._speech_after(end) is not None or self._speech_before(start):
            p.spoke = True
        if p.role is None:
            self._describe(p, start, end, self._role_before(start))
        after = self.text[end : end + 60].casefold()
        if any(re.search(rf"\bas an? (?:\w+ )?{re.escape(w)}", after) for w in self.lex.mediator_words):
            p.mediator = True
        m = _APPOSITIVE.match(self.text, end)
        if m is not None and any(w in m.group(1).casefold() for w in self.lex.mediator_words):
            p.mediator = True

    def _describe(self, p: Person, start: int, end: int, role: tuple[int, str] | None) -> None:
        """Fill role, role kind and affiliation from the title before the name or the appositive after it."""
        group = self._led_by(start)
        phrase_start, phrase = role if role is not None else (-1, "")
        if not phrase:
            m = _APPOSITIVE.match(self.text, end)
            if m is not None and self._followed_by_apposition(end):
                phrase_start, phrase = m.start(1), m.group(1).strip()
                last = phrase.split()[-1]
                if len(phrase.split()) > 1 and is_speech_verb(last, self.lex):  # "its minister for X added."
                    phrase = phrase[: -len(last)].rstrip()
        if phrase:
            kind = self._classify(phrase, phrase_start, prename=role is not None)
            if kind is not None or p.role is None:
                p.role = self._role_label(phrase, phrase_start)
                p.role_kind = kind
                p.role_start, p.role_end = phrase_start, phrase_start + len(phrase)
        if group is not None and re.search(r"\b(?:delegation|team|negotiators)\b", group) and re.search(
            r"\b(?:led|headed) by\s*$", self.text[self._sentence_start(start) : phrase_start if role else start]
        ):
            p.group_head = True
            p.role = p.role or "head of delegation"
            p.role_kind = p.role_kind or "official"
        if p.affiliation is None:
            p.affiliation = self._affiliation(p, phrase, phrase_start, group, start)

    def _classify(self, phrase: str, phrase_start: int, prename: bool) -> str | None:
        """official | legislator | outside for a role phrase, or None when it names no listed role."""
        low = " ".join(phrase.split()).casefold()
        if any(re.search(rf"(?<![\w-]){re.escape(m)}", low) for m in self.lex.outside_markers):
            return "outside"
        found = [t for t in self.lex.titles if re.search(rf"(?<![\w-]){re.escape(t)}(?![\w-])", low)]
        if not found:
            return None
        kinds = {self.lex.titles[t] for t in found}
        if "outside" in kinds:
            return "outside"
        if "legislator" in kinds and "official" not in kinds:
            return "legislator"
        strong = [t for t in found if self.lex.titles[t] == "official" and t not in self.lex.weak_official]
        if strong or (prename and phrase.split()[-1][:1].isupper()):
            return "official"
        if any(re.search(rf"\b{re.escape(w)}\b", low) for w in self.lex.negotiation_words):
            return "official"
        for a in self._actors_in(phrase_start, phrase_start + len(phrase)):
            nxt = self.text[a.end : a.end + 2]
            if not (nxt.startswith(" ") and nxt[1:2].isupper()):
                return "official"
        return None

    def _role_label(self, phrase: str, phrase_start: int) -> str:
        """The role as the text states it, minus a leading determiner and state name ("Foreign Minister")."""
        words = list(re.finditer(r"\S+", phrase))
        k = 0
        while k < len(words) - 1:
            w = words[k].group()
            a = self._actor_at(phrase_start + words[k].start())
            if w.casefold() in _DETERMINERS or (a is not None and a.kind in ("state", "demonym")):
                k += 1
                continue
            if re.search(r"['’]s$", w):
                k += 1
                continue
            break
        return phrase[words[k].start() :].strip(" ,") if words else phrase

    def _affiliation(self, p: Person, phrase: str, phrase_start: int, group: str | None, start: int) -> str | None:
        """The state or organisation the person acts for, as the text (or the leader list) states it."""
        if group is not None:
            g_start = self.text.rfind(group, 0, start)
            for a in self._actors_in(g_start, g_start + len(group)):
                return a.canonical
        if phrase:
            for a in self._actors_in(phrase_start, phrase_start + len(phrase)):
                if not re.search(r"\b(?:to|with|against)\s+(?:the\s+)?$", self.text[phrase_start : a.start]):
                    return a.canonical
        if p.leader is not None:
            return p.leader.affiliation
        if phrase and re.search(r"\b(?:his|her)\s+$", self.text[max(0, phrase_start - 8) : phrase_start]):
            # "Trump's remarks came as his ambassador …": the ambassador serves the person just named
            sent_start = self._sentence_start(phrase_start)
            for m in reversed(self.cast.mentions):
                if sent_start <= m.start < phrase_start and self.cast.people[m.person].affiliation:
                    return self.cast.people[m.person].affiliation
        title = self._title_in(phrase) if phrase else None
        if title is not None and title in self.lex.title_affiliations:
            return self.lex.title_affiliations[title]
        return None

    # ---------------------------------------------------------------- subjects and indexes

    def _subjects(self) -> None:
        """The first person named in each sentence (outside quotations), unless a pronoun comes first."""
        by_start = self.cast.mentions
        starts = [m.start for m in by_start]
        for s_start, s_end in self.sentences:
            i = bisect.bisect_left(starts, s_start)
            while i < len(by_start) and by_start[i].start < s_end and by_start[i].possessive:
                i += 1
            first = by_start[i] if i < len(by_start) and by_start[i].start < s_end else None
            if first is None:
                continue
            # "He told the paper that…": a pronoun opening the sentence keeps the story on the same person
            pron = next(
                (
                    m
                    for m in _PRONOUNS.finditer(self.text, s_start, first.start)
                    if not self._masked(m.start())
                    and (len(self.text[s_start : m.start()].split()) < 4 or self.text[: m.start()].rstrip().endswith(","))
                ),
                None,
            )
            if pron is None:
                self.cast.subjects.append((first.start, first.person))

    def _sentence_start(self, pos: int) -> int:
        """Start of the sentence holding ``pos`` (0 when sentences are unknown)."""
        i = bisect.bisect_right(self.sentence_starts, pos) - 1
        return self.sentences[i][0] if i >= 0 else 0

    def _masked(self, pos: int) -> bool:
        """Whether ``pos`` lies inside a quotation."""
        i = bisect.bisect_right(self.mask_starts, pos) - 1
        return i >= 0 and self.masked[i][0] <= pos < self.masked[i][1]

    def _actor_at(self, pos: int) -> ActorMention | None:
        """The actor mention covering ``pos``, if any."""
        i = bisect.bisect_right(self.actor_starts, pos) - 1
        if i >= 0 and self.actors[i].start <= pos < self.actors[i].end:
            return self.actors[i]
        return None

    def _actors_in(self, start: int, end: int) -> list[ActorMention]:
        """Actor mentions inside [start, end)."""
        i = bisect.bisect_left(self.actor_starts, start)
        out = []
        while i < len(self.actors) and self.actors[i].start < end:
            out.append(self.actors[i])
            i += 1
        return out


def _norm_tokens(name: str) -> list[str]:
    """A name's words, accent-free and case-folded, with hyphenated parts split ("Jong-un" → jong, un)."""
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    return re.findall(r"[^\W_]+", plain) or [plain]


def _key(name: str) -> str:
    """A spelling-insensitive key for a whole name ("Kim Jong Un" == "Kim Jong-un")."""
    return "".join(_norm_tokens(name))
