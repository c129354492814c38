"""Read the role phrase around a name: the title before it or the appositive after it.

"Turkish Foreign Minister Hakan Fidan", "the Deputy U.S. Trade Representative, Michael
Smith", "John Maslen, head of the EC delegation": the phrase says what the person is
(official, legislator or outside voice) and often whom they act for. The phrase is read
word by word from the name outwards, so it never runs into the rest of the sentence.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from extractors.negotiation.actors import ActorMention
from extractors.negotiation.fronted import read_fronted
from extractors.negotiation.roles import Lexicon

__all__ = ["ACTOR_KINDS", "DETERMINERS", "STOP_WORDS", "Phrase", "TitleReader"]

# Actor mentions that name a side; cities are places, and leader mentions are people.
ACTOR_KINDS = frozenset({"state", "org", "armed_group", "metonym", "demonym"})

# Function words that open sentences and headlines; capitalised there, never part of a name or title.
STOP_WORDS = frozenset(
    """the a an but and or nor in on at as when while after before despite although though if with without
    for from by to of this that these those it its he she his her they their them we our us i you your both
    some many senior another earlier later last next under over during since until then also still even yet
    so such only asked leaving welcoming according one two three four five six seven eight nine ten first
    second third monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december mon tue wed thu fri sat sun jan feb mar apr jun jul
    aug sep sept oct nov dec today yesterday tomorrow read follow watch more breaking update updated
    advertisement photo video there here where what who whom whose which why how all any each every no not
    none other others several few most much meanwhile however moreover instead among amid against between
    through within across toward towards upon into onto off out up down around about above below near like
    unlike than via per""".split()  # noqa: SIM905 - a word list reads better as prose
)
DETERMINERS = frozenset(
    {"a", "an", "the", "his", "her", "its", "their", "our", "one", "another", "also", "as"}
)
_CONNECTORS = frozenset({"of", "the", "to", "for"})
# "Adviser on Peace, Reconciliation and Unity": joining words inside a title written in capitals.
_TITLE_JOINERS = frozenset({"and", "on", "&"})
_MAX_BEFORE_WORDS = 24
_DOTTED_TITLES = frozenset({"Gen.", "Lt.", "Col.", "Sen.", "Rep.", "Prof.", "Mr.", "Dr.", "Gov.", "Adm."})
_APPOSITIVE = re.compile(r",\s+((?:\b(?:[A-Z]\.){2,}|[^,;:.\n()\"“”]|\([^)\n]*\))+)")
_MAX_APPOSITIVE_WORDS = 14
_AGE = re.compile(r"\d{1,3}")
# "spokesperson for Instagram", "vice president of Blue Origin": a title held in a private body.
_HELD_IN = re.compile(r"\b(?:for|of|at)\s+(?:the\s+)?([A-Z][\w.&’'-]*)")
_RELATIVE = re.compile(r"(?:who|which|that|where|when|whose|whom)\b")
# "X, who heads the government's negotiating team,": a relative clause that is a role after all.
LEADS_RELATIVE = re.compile(
    r"who\s+(?:heads|headed|leads|led|chairs|chaired|represents|represented)\s+(?:the|its|their|a|an|[A-Z]\w*['’]s)\s"
)


_SKIPPED_OPENERS = _CONNECTORS | DETERMINERS | STOP_WORDS
_NAME_WORD_BEFORE = re.compile(r"\b([A-Z][a-z]+) $")
_WHOSE_BEFORE = re.compile(r"\bwhose\s+$", re.IGNORECASE)
_COMMA_GAP = re.compile(r"\s*,\s*")
_DOTTED_WORD = re.compile(r"(?:[A-Z]\.)+")
_POSSESSIVE_END = re.compile(r"['’]s$")
_BRACKETED = re.compile(r"\([A-Z][\w.]*\)")
# "envoy for hostage affairs", "commissioner on refugees": the portfolio after an office names no one.
_PORTFOLIO = re.compile(r"\s(?:for|on)\s")


def _widest(found: list[str]) -> list[str]:
    """Titles not inside a longer one found with them ("executive secretary" hides "executive")."""
    return [t for t in found if not any(t != u and f" {t} " in f" {u} " for u in found)]


def _words_backwards(s: str) -> Iterator[tuple[int, int]]:
    """(start, end) of the white-space separated words of ``s``, last word first (reads only what is used)."""
    end = len(s)
    while True:
        while end > 0 and s[end - 1].isspace():
            end -= 1
        if end == 0:
            return
        start = end
        while start > 0 and not s[start - 1].isspace():
            start -= 1
        yield start, end
        end = start


@dataclass(frozen=True)
class Phrase:
    """A role phrase and where it starts; ``prename`` is True for a title written before the name."""

    text: str
    start: int
    prename: bool


class TitleReader:
    """Role phrases of one article; shares the article's actor index with the name finder."""

    def __init__(
        self, text: str, actors: Sequence[ActorMention], lex: Lexicon, named: Callable[[int], bool]
    ) -> None:
        """Index the article.

        Args:
            text: the article text.
            actors: its actor mentions (cities excluded by the caller), in order.
            lex: the people lexicon.
            named: tells whether an offset lies in a person already found (a title stops there).
        """
        self.text = text
        self.actors = list(actors)
        self.actor_starts = [a.start for a in self.actors]
        self.lex = lex
        self.named = named
        self.title_words = lex.title_words  # "negotiators X and Y" included
        self._title_re = lex.title_re
        self._before: dict[int, Phrase | None] = {}

    # ---------------------------------------------------------------- phrases

    def before(self, start: int) -> Phrase | None:
        """The title phrase right before a name ("Turkish Foreign Minister", "the Under Secretary of X,").

        Returns:
            The phrase when it holds a listed title, else None.
        """
        if start not in self._before:
            self._before[start] = self._read_before(start) or self.fronted(start)
        return self._before[start]

    def fronted(self, start: int) -> Phrase | None:
        """A described role set off by a comma before ``start`` (see :func:`read_fronted`)."""
        found = read_fronted(self.text, start, lambda body: self.title_in(body) is not None)
        return Phrase(found[0], found[1], prename=True) if found is not None else None

    def _read_before(self, start: int) -> Phrase | None:
        """Read the title phrase before ``start`` word by word, from the name outwards."""
        line_start = self.text.rfind("\n", 0, start) + 1
        before = self.text[line_start:start]
        stripped = before.rstrip()
        comma = stripped.endswith(",")
        if comma:
            stripped = stripped[:-1]
        elif before and not before.endswith(" "):
            return None
        phrase_words = self._role_words_before(stripped, line_start)
        while phrase_words:
            low = stripped[phrase_words[0][0] : phrase_words[0][1]].casefold()
            if low not in _SKIPPED_OPENERS or low in self.title_words:
                break
            if self.actor_at(line_start + phrase_words[0][0]) is not None:
                break  # "US special envoy": the state, not the pronoun "us"
            phrase_words = phrase_words[1:]
        if not phrase_words or stripped[phrase_words[-1][0] : phrase_words[-1][1]].casefold() in _CONNECTORS:
            return None  # "Ministry of International Trade": the name of a thing, not a title
        served = [k for k, (a, b) in enumerate(phrase_words[:-1]) if stripped[a:b] == "to"]
        if served and not comma:
            rest = stripped[phrase_words[served[-1] + 1][0] : phrase_words[-1][1]]
            if self.title_in(rest) is not None:  # "an adviser to President X": X is the president
                phrase_words = phrase_words[served[-1] + 1 :]
        p_start = line_start + phrase_words[0][0]
        text = self.text[p_start : line_start + phrase_words[-1][1]]
        if self.title_in(text) is None:
            return None
        if comma:  # "the Deputy U.S. Trade Representative, Michael Smith": a determiner must open it
            prev = stripped[: phrase_words[0][0]].split()
            first = stripped[phrase_words[0][0] : phrase_words[0][1]]
            # "Egypt's intelligence chief, Abbas Kamel": a state's possessive opens it as well
            owned = _POSSESSIVE_END.search(first) is not None and self.actor_at(p_start) is not None
            # "Akinci's spokesman, Baris Burcu": a person already named owns the role
            if prev and not owned and _POSSESSIVE_END.search(prev[-1]) is not None:
                owned = self.named(line_start + stripped.rfind(prev[-1], 0, phrase_words[0][0]))
            if (
                prev
                and not owned
                and prev[-1].casefold() not in DETERMINERS
                and not prev[-1].endswith((",", ":", ".", ";"))
            ):
                return None
        return Phrase(text, p_start, prename=True)

    def _role_words_before(self, stripped: str, line_start: int) -> list[tuple[int, int]]:
        """(start, end) in ``stripped`` of the role words before a name, in text order.

        Capitalised titles may hold "and", "on" and a list comma ("Presidential Adviser on Peace,
        Reconciliation and Unity"): such a joining word counts only between capitalised words.
        """
        # read lazily, one word ahead: most names have no title and the loop stops at the first word
        words = itertools.islice(_words_backwards(stripped), _MAX_BEFORE_WORDS)
        found: list[tuple[int, int]] = []
        joined = False  # an "and" inside the title: a list comma may come before it
        ahead = next(words, None)
        while ahead is not None:
            (w_start, w_end), ahead = ahead, next(words, None)
            word = stripped[w_start:w_end]
            if self._role_word(word, w_start + line_start):
                found.append((w_start, w_end))
                continue
            earlier = stripped[ahead[0] : ahead[1]] if ahead is not None else ""
            earlier_at = ahead[0] + line_start if ahead is not None else -1
            if (
                found
                and word in _TITLE_JOINERS
                and self._capital_pair(stripped, found[-1], earlier, line_start, earlier_at)
            ):
                joined = joined or word == "and"
                found.append((w_start, w_end))
                continue
            if joined and word.endswith(",") and self._list_word(word[:-1], w_start + line_start):
                found.append((w_start, w_end))
                continue
            break
        found.reverse()
        return found

    def _capital_pair(
        self, stripped: str, later: tuple[int, int], earlier: str, line_start: int, earlier_at: int
    ) -> bool:
        """Both neighbours of a joining word are capitalised words of a title, not states or stop words."""
        after = stripped[later[0] : later[1]]
        if self.actor_at(line_start + later[0]) is not None or self.actor_at(earlier_at) is not None:
            return False  # "Qatar and Egypt mediators": two sides, not one title
        return all(w[:1].isupper() and w.rstrip(",").casefold() not in STOP_WORDS for w in (after, earlier))

    def _list_word(self, word: str, pos: int) -> bool:
        """A capitalised word of a list inside a title ("Peace," in "on Peace, Reconciliation and Unity")."""
        return word[:1].isupper() and word.casefold() not in STOP_WORDS and self.actor_at(pos) is None

    def after(self, end: int) -> Phrase | None:
        """The appositive right after a name: ", a spokesman for…", ", head of the EC delegation,"."""
        m = self._appositive(end)
        if m is None:
            return None
        body = m.group(1).strip()
        leads = LEADS_RELATIVE.match(body) is not None
        if not body or (_RELATIVE.match(body) and not leads) or len(body.split()) > _MAX_APPOSITIVE_WORDS:
            return None
        first_word = body.split()[0]
        first = _POSSESSIVE_END.sub("", first_word).casefold()
        opens_role = (
            leads
            or (first_word[:1].isupper() and _POSSESSIVE_END.search(first_word) is not None)
            or first in DETERMINERS
            or first in self.title_words
            or first in self.lex.role_modifiers
            or first in self.lex.outside_markers
            or self.actor_at(m.start(1)) is not None
        )
        if not opens_role:
            return None
        last = body.split()[-1]
        if len(body.split()) > 1 and last.casefold() in self.lex.speech_verbs:  # "its minister for X added."
            body = body[: -len(last)].rstrip()
        return Phrase(body, m.start(1), prename=False)

    def appositive_end(self, end: int) -> int | None:
        """Where a name's appositive ends, comma included, when it has one (for "X, a spokesman, said")."""
        m = self._appositive(end)
        if m is None:
            return None
        body = m.group(1).strip()
        if _RELATIVE.match(body) and not LEADS_RELATIVE.match(body):
            return None
        return m.end() + 1 if self.text[m.end() : m.end() + 1] == "," else None

    def _appositive(self, end: int) -> re.Match[str] | None:
        """The words set off by commas after a name, past an age ("Olena Kovalenko, 45, a member of…")."""
        m = _APPOSITIVE.match(self.text, end)
        if m is not None and _AGE.fullmatch(m.group(1).strip()):
            return _APPOSITIVE.match(self.text, m.end())
        return m

    def title_in(self, phrase: str) -> str | None:
        """The longest listed title inside ``phrase`` (case-insensitive, whole words), or None."""
        found = [m.group() for m in self._title_re.finditer(" ".join(phrase.split()).casefold())]
        if not found:
            return None
        best = max(found, key=len)
        return best if best in self.lex.titles else best[:-1]  # a plural ("envoys") names its title

    # ---------------------------------------------------------------- what a phrase says

    def classify(self, phrase: Phrase) -> str | None:
        """official | legislator | outside for a role phrase, or None when it names no listed role."""
        low = " ".join(phrase.text.split()).casefold()
        if self.lex.outside_re.search(low):
            return "outside"
        head = _PORTFOLIO.split(low, maxsplit=1)[0]
        if head != low and any(self.lex.titles.get(t) == "official" for t in self.lex.titles_in(head)):
            low = head  # "envoy for hostage affairs": the office, not the people it serves
        found = _widest(self.lex.titles_in(low))
        if not found:
            return None
        if self.lex.principals_re.search(low):
            return "official"  # "a senior adviser to the president"
        kinds = {self.lex.titles[t] for t in found}
        if "outside" in kinds:
            return "outside"
        if "legislator" in kinds and "official" not in kinds:
            return "legislator"
        if self._held_in_private_body(phrase):
            return None
        if any(self.lex.titles[t] == "official" and t not in self.lex.weak_official for t in found):
            return "official"
        if phrase.prename and phrase.text.split()[-1][:1].isupper():  # "… Institute (IBC) President"
            return "official"
        if self.lex.negotiation_re.search(low):
            return "official"  # "conference chairman", "head of the delegation"
        for a in self.actors_in(phrase.start, phrase.start + len(phrase.text)):
            nxt = self.text[a.end : a.end + 2]
            if not (nxt.startswith(" ") and nxt[1:2].isupper()):  # "American Farm Bureau" is no state
                return "official"
        return None

    def _held_in_private_body(self, phrase: Phrase) -> bool:
        """ "spokesperson for Instagram": a title held in a named body that is no state or organisation."""
        if self.actors_in(phrase.start, phrase.start + len(phrase.text)):
            return False
        for m in _HELD_IN.finditer(phrase.text):
            word = m.group(1).casefold()
            if word not in self.title_words and word not in STOP_WORDS:
                return True
        return False

    def label(self, phrase: Phrase) -> str:
        """The role as the text states it, minus leading determiners and state names ("Foreign Minister")."""
        words = list(re.finditer(r"\S+", phrase.text))
        k = 0
        while k < len(words) - 1:
            w = words[k].group()
            a = self.actor_at(phrase.start + words[k].start())
            skip = (
                w.casefold() in DETERMINERS
                or (a is not None and a.kind in ("state", "demonym"))
                or w[:1] == "("
            )
            if not (skip or re.search(r"['’]s$", w)):
                break
            k += 1
        return phrase.text[words[k].start() :].strip(" ,") if words else phrase.text

    def affiliation(self, phrase: Phrase) -> str | None:
        """The first actor the phrase names, unless it is the target ("ambassador to the United Nations");
        for "the Union, whose coordinator …", the actor the "whose" refers back to."""
        for a in self.actors_in(phrase.start, phrase.start + len(phrase.text)):
            if self._inside_longer_name(a):
                continue  # "the National Security Council": a longer name, not the UN's council
            if not re.search(r"\b(?:to|with|against)\s+(?:the\s+)?$", self.text[phrase.start : a.start]):
                return a.canonical
        if _WHOSE_BEFORE.search(self.text, max(0, phrase.start - 10), phrase.start):
            i = bisect.bisect_left(self.actor_starts, phrase.start) - 1
            if i >= 0 and _COMMA_GAP.fullmatch(self.text, self.actors[i].end, phrase.start - 6):
                return self.actors[i].canonical
        return None

    def _inside_longer_name(self, a: ActorMention) -> bool:
        """ "the National Security Council": a multi-word body's name inside a longer capitalised one."""
        if a.kind != "org" or " " not in a.surface:
            return False
        m = _NAME_WORD_BEFORE.search(self.text, max(0, a.start - 30), a.start)
        return m is not None and m.group(1).casefold() not in STOP_WORDS

    # ---------------------------------------------------------------- actor index

    def actor_at(self, pos: int) -> ActorMention | None:
        """The actor mention covering ``pos``, if any."""
        i = bisect.bisect_right(self.actor_starts, pos) - 1
        if i >= 0 and self.actors[i].start <= pos < self.actors[i].end:
            return self.actors[i]
        return None

    def actors_in(self, start: int, end: int) -> list[ActorMention]:
        """Actor mentions that start inside [start, end)."""
        i = bisect.bisect_left(self.actor_starts, start)
        out = []
        while i < len(self.actors) and self.actors[i].start < end:
            out.append(self.actors[i])
            i += 1
        return out

    def _role_word(self, word: str, pos: int) -> bool:
        """A word that can sit in a title phrase before a name."""
        if self.named(pos):
            return False
        dotted = (
            _DOTTED_WORD.fullmatch(word) is not None
            or word in _DOTTED_TITLES
            or (word.endswith(".") and word[:-1].casefold() in self.lex.dotted_words)
        )
        if word.endswith((",", ".", ";", ":", '"', "”", "“", "'", "‘", "’")) and not dotted:
            return False
        if word.startswith(('"', "“", "‘", "'")):
            return False
        bare = _POSSESSIVE_END.sub("", word)
        low = bare.casefold()
        if low in self.lex.speech_verbs:
            return False
        if (
            low in self.title_words
            or low in self.lex.role_modifiers
            or low in _CONNECTORS
            or low in self.lex.negotiation_words
            or self.actor_at(pos) is not None
            or _BRACKETED.fullmatch(word)
        ):
            return True
        return bool(bare[:1].isupper()) and low not in STOP_WORDS
