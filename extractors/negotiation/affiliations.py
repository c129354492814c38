"""Whom a person acts for: the state or organisation their role, their delegation or their principal names.

"Ukraine's delegation, led by X" (the side named nearest "led by"), "Turkish Foreign Minister
X" (the state in the title), "Putin's special envoy X" (the principal's state), "a senior
adviser to President Y" (the state Y leads). When the text says only "the army" or "the
government", the person gets a side word that :mod:`extractors.negotiation.people` resolves
against the whole article.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from extractors.negotiation.actors import actor_kind
from extractors.negotiation.cast import Cast, Person
from extractors.negotiation.groups import Group
from extractors.negotiation.roles import Leader, Lexicon
from extractors.negotiation.titles import Phrase, TitleReader

__all__ = ["AffiliationReader", "side_word"]

# "the army's delegation", "army chief General X": the side is the article's army.
_ARMY = re.compile(r"\b(?:army|military)(?:['’]s)?\b", re.IGNORECASE)
# "the government's spokesman", "Presidential Adviser", "the junta's leader": the state's government.
_GOVERNMENT = re.compile(r"\b(?:government|presidential|junta)(?:['’]s)?(?![\w-])", re.IGNORECASE)
# "the rebels' political spokesman", "rebel negotiator": the armed group the article is about.
# "the group's political office", "the movement's spokesman": the armed group the story is about.
_REBELS = re.compile(
    r"\b(?:(?:rebel|rebels|insurgent|insurgents)(?:['’]s?)?|(?:group|movement|militia)['’]s)(?=\s|$)",
    re.IGNORECASE,
)
# "the bloc's chairman", "the union's envoy": the organisation the article is about, named before.
_BODY_WORD = re.compile(r"\b(?:bloc|union|alliance|organi[sz]ation|community)['’]s\s", re.IGNORECASE)
_ALONGSIDE = re.compile(r",?\s+(?:alongside|together with|along with|and)\s+")
# "Prime Minister X of Greece": the side written after the name.
_OF_SIDE = re.compile(r" of (?:the )?")
_SIDE_KINDS = frozenset({"state", "org", "armed_group"})
_TO_PRINCIPAL = re.compile(r"\bto\s+(?:the\s+)?((?:[A-Z][\w.'’-]*\s+){0,4}[A-Z][\w'’-]+)")


def side_word(phrase: Phrase | None, group: Group | None) -> str | None:
    """ "army", "government" or "rebels" when the role or the group names the side only so, else None."""
    texts = [phrase.text] if phrase is not None else []
    if group is not None and group[2]:
        texts.append(group[0][-40:])
    for t in texts:
        if _ARMY.search(t):
            return "army"
        if _GOVERNMENT.search(t):
            return "government"
        if _REBELS.search(t):
            return "rebels"
    return None


class AffiliationReader:
    """The affiliation rules of one article; shares the name finder's title reader and cast."""

    def __init__(
        self,
        text: str,
        titles: TitleReader,
        cast: Cast,
        lex: Lexicon,
        leader_by_surname: Callable[[str], Leader | None],
        sentence_start: Callable[[int], int],
    ) -> None:
        """Keep the article's indexes.

        Args:
            text: the article text.
            titles: its title reader (actor index included).
            cast: the people found so far (filled while the article is read).
            lex: the people lexicon.
            leader_by_surname: a listed leader named by surname, or None.
            sentence_start: the start of the sentence holding an offset.
        """
        self.text = text
        self.titles = titles
        self.cast = cast
        self.lex = lex
        self.leader_by_surname = leader_by_surname
        self.sentence_start = sentence_start

    def of(self, p: Person, phrase: Phrase | None, group: Group | None) -> str | None:
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
        return self._principal(phrase)

    def after_name(self, end: int) -> tuple[str, int] | None:
        """ "President X of Ghana", "Y of the African Union": the side named after a name, and its end."""
        of = _OF_SIDE.match(self.text, end)
        if of is None:
            return None
        a = self.titles.actor_at(of.end())
        if a is None or a.start != of.end() or a.kind not in _SIDE_KINDS:
            return None
        return a.canonical, a.end

    def alongside(self, at: int) -> str | None:
        """The organisation of the person named just before "alongside former Kenyan President X": a
        former office gives a nationality, the partner's organisation says whom X acts for."""
        for m in reversed(self.cast.mentions[-2:]):
            side = self.cast.people[m.person].affiliation
            if _ALONGSIDE.fullmatch(self.text, m.end, at) and side is not None and actor_kind(side) == "org":
                return side
        return None

    def fronted_body(self, fronted: Phrase | None) -> str | None:
        """The organisation a role fronted before a state title names: "the bloc's chairman, Nigerian
        President X" acts for the bloc, "the AU's envoy, former Kenyan President Y" for the AU."""
        if fronted is None:
            return None
        for a in self.titles.actors_in(fronted.start, fronted.start + len(fronted.text)):
            return a.canonical if a.kind == "org" else None
        if _BODY_WORD.search(fronted.text) is None:
            return None
        orgs = Counter(a.canonical for a in self.titles.actors if a.kind == "org")
        return orgs.most_common(1)[0][0] if orgs else None

    def _principal(self, phrase: Phrase) -> str | None:
        """The state of whoever the role serves: "Putin's envoy", "his ambassador", "adviser to X"."""
        owner = self._owner(phrase.start)
        if owner is not None and owner.affiliation:
            return owner.affiliation  # "Putin's special envoy Kirill Dmitriev"
        lead_word = re.match(r"([A-Z][\w-]+)['’]s\s", phrase.text)
        if lead_word is not None and (ld := self.leader_by_surname(lead_word.group(1))) is not None:
            return ld.affiliation  # "Steve Witkoff, Trump's special envoy"
        if re.search(r"\b(?:his|her)\s+$", self.text[max(0, phrase.start - 8) : phrase.start]):
            # "Trump's remarks came as his ambassador …": the ambassador serves the person just named
            sent_start = self.sentence_start(phrase.start)
            for m in reversed(self.cast.mentions):
                if sent_start <= m.start < phrase.start and self.cast.people[m.person].affiliation:
                    return self.cast.people[m.person].affiliation
        served = _TO_PRINCIPAL.search(phrase.text)
        if served is not None:  # "a senior adviser to President Ana Diaz": the state she leads
            for word in reversed(served.group(1).split()):
                ld = self.leader_by_surname(word)
                if ld is not None:
                    return ld.affiliation
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
