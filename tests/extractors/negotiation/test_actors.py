"""The actor gazetteer: Parley names for states, organisations, armed groups, demonyms, metonyms, cities."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.errors import ConfigError
from extractors.negotiation.actors import (
    ACTORS_FILE,
    actor_kind,
    canonical_actor,
    city_country,
    find_actors,
    find_cities,
    load_gazetteer,
)


def test_parleys_actor_file_validates() -> None:
    gaz = load_gazetteer(ACTORS_FILE)
    assert gaz.forms["Türkiye"].canonical == "Turkey"
    assert gaz.actor_kinds["Hamas"] == "armed_group"


@pytest.mark.parametrize(
    ("mention", "expected"),
    [
        ("Turkey", "Turkey"),
        ("Türkiye", "Turkey"),
        ("Turkish", "Turkey"),
        ("Ankara", "Turkey"),
        ("the Kremlin", "Russia"),
        ("Russian Federation", "Russia"),
        ("Kyiv", "Ukraine"),
        ("Kiev", "Ukraine"),
        ("Ukrainian", "Ukraine"),
        ("the White House", "United States"),
        ("Washington", "United States"),
        ("U.S.", "United States"),
        ("Beijing", "China"),
        ("Doha", "Qatar"),
        ("Republic of Korea", "South Korea"),
        ("North Korean", "North Korea"),
        ("Iran", "Iran"),
        ("UN", "United Nations"),
        ("NATO", "NATO"),
        ("EU", "European Union"),
        ("Red Cross", "International Committee of the Red Cross"),
        ("Taliban", "Taliban"),
        ("USSR", "Soviet Union"),
        ("Soviet", "Soviet Union"),
        ("Swiss", "Switzerland"),
        ("Istanbul", None),  # a city, not a government
        ("Korean", None),  # North or South: not said
        ("Atlantis", None),
    ],
)
def test_canonical_actor(mention: str, expected: str | None) -> None:
    assert canonical_actor(mention) == expected


def test_actor_kinds() -> None:
    assert actor_kind("Russia") == "state"
    assert actor_kind("European Union") == "org"
    assert actor_kind("Boko Haram") == "armed_group"
    assert actor_kind("Narnia") is None


def test_find_actors_in_a_sentence_of_my_own() -> None:
    text = (
        "Azerbaijani and Armenian envoys met in Geneva as the Kremlin and Brussels watched, U.S. aides said."
    )
    found = [(a.canonical, a.surface, a.kind) for a in find_actors(text)]
    assert found == [
        ("Azerbaijan", "Azerbaijani", "demonym"),
        ("Armenia", "Armenian", "demonym"),
        ("Russia", "Kremlin", "metonym"),
        ("European Union", "Brussels", "metonym"),
        ("United States", "U.S.", "state"),
    ]
    for a in find_actors(text):
        assert text[a.start : a.end] == a.surface


def test_a_capital_after_a_locative_word_is_a_place_not_an_actor() -> None:
    kinds = [(a.surface, a.kind) for a in find_actors("Kyiv said talks in Kyiv would follow.")]
    assert kinds == [("Kyiv", "metonym"), ("Kyiv", "city")]


def test_longest_match_wins_and_headlines_in_capitals_match() -> None:
    found = [a.canonical for a in find_actors("NORTH KOREA AND SOUTH KOREA TO HOLD TALKS")]
    assert found == ["North Korea", "South Korea"]
    assert [a.canonical for a in find_actors("South Korean and North Korean officials")] == [
        "South Korea",
        "North Korea",
    ]


def test_words_that_are_not_actors_do_not_match() -> None:
    assert find_actors("us and them, a china cup, a turkey dinner, chad") == []
    assert find_actors("") == []


def test_find_cities_and_their_countries() -> None:
    text = "After Istanbul and Geneva, the envoys flew to Doha; the Washington Post reported it."
    found = [(c.name, c.country, c.capital) for c in find_cities(text)]
    assert found == [("Istanbul", "Turkey", False), ("Geneva", "Switzerland", False), ("Doha", "Qatar", True)]
    assert city_country("Jeddah") == "Saudi Arabia"
    assert city_country("Brussels") == "Belgium"  # the place; as an actor it stands for the EU
    assert city_country("Gotham") is None


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[countries]\nskip = []\n[countries.names]\nXX = 'Nowhere'\n", "unknown country code 'XX'"),
        ("[countries]\n[[organisations]]\nname = ''\n", "organisations[0]: empty name"),
        ("[countries]\n[[organisations]]\nname = 'Quartet'\naliases = ['']\n", "empty or non-string"),
        (
            "[countries]\n[cities]\nTR = ['Istanbul']\n[capitals]\nFR = ['Istanbul']\n",
            "'Istanbul' already listed",
        ),
        ("[countries]\n[demonyms]\nQQ = ['Quish']\n", "unknown actor or country code 'QQ'"),
        ("[countries\n", "actors_bad.toml"),
        ("[cities]\nTR = ['Istanbul']\n", "missing table [countries]"),
        ("[countries]\n[seats]\nGeneva = 'CH'\n", "seats.Geneva: not a city listed under [capitals]"),
    ],
)
def test_bad_actor_files_raise_config_error_naming_file_and_entry(
    tmp_path: Path, body: str, message: str
) -> None:
    path = tmp_path / "actors_bad.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_gazetteer(path)
    assert "actors_bad.toml" in str(err.value)
    assert message in str(err.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Michael Jordan said he would watch.", []),
        ("He met Chad Smith in Chad on Monday.", ["Chad"]),
        ("Kenya Airways cancelled flights.", []),
        ("Jordan and Israel signed a water deal.", ["Jordan", "Israel"]),
        ("Jordan Hosts Talks Between Israel And Hamas", ["Jordan", "Israel", "Hamas"]),
        ("King Abdullah of Jordan hosted the talks.", ["Jordan"]),
    ],
)
def test_country_names_that_are_also_peoples_names(text: str, expected: list[str]) -> None:
    assert [a.canonical for a in find_actors(text)] == expected


def test_a_place_name_that_names_an_institution_is_not_a_place() -> None:
    text = "The Washington Post and the Geneva Conventions were cited in Geneva."
    assert [c.start for c in find_cities(text)] == [text.index("in Geneva") + 3]
