"""The names a story uses for a source find its registry entry: by name, alias or
abbreviation, whatever the case, a leading “the”, a possessive or a descriptor; a source the
registry lacks is proposed with a name, a description and a guessed kind."""

import pytest

from claims.models import Source
from claims.source_directory import SourceDirectory
from claims.source_names import name_phrase, story_abbreviations
from claims.suggestion_sources import SourceResolver
from tests.factories import make_source

REGISTRY = (
    ("KCNA", Source.Kind.STATE_MEDIA, ""),
    ("National Intelligence Service", Source.Kind.INTELLIGENCE_SERVICE, ""),
    ("Government of South Korea", Source.Kind.GOVERNMENT, "Seoul\nSouth Korea"),
    ("Yuri Ushakov", Source.Kind.OFFICIAL_SPOKESPERSON, ""),
    ("TASS", Source.Kind.WIRE_AGENCY, ""),
    ("Chinese organizers", Source.Kind.GOVERNMENT, ""),
)


@pytest.fixture
def resolve():
    sources = [
        Source(id=n, name=name, kind=kind, aliases=aliases)
        for n, (name, kind, aliases) in enumerate(REGISTRY, start=1)
    ]
    return SourceResolver(SourceDirectory(sources))


@pytest.mark.parametrize(
    ("words", "name", "matched_by"),
    [
        ("KCNA", "KCNA", "name"),
        ("kcna", "KCNA", "name"),
        ("the Chinese organizers", "Chinese organizers", "name"),
        ("Seoul", "Government of South Korea", "alias"),
        ("SOUTH KOREA", "Government of South Korea", "alias"),
        ("the NIS", "National Intelligence Service", "abbreviation"),
        ("N.I.S.", "National Intelligence Service", "abbreviation"),
        ("Korean Central News Agency", "KCNA", "abbreviation"),
        ("North Korea’s state media, the Korean Central News Agency (KCNA)", "KCNA", "name"),
        (
            "South Korea’s National Intelligence Service (NIS)",
            "National Intelligence Service",
            "abbreviation",
        ),
        ("Russia’s TASS news agency", "TASS", "name"),
        ("Russia's TASS news agency", "TASS", "name"),
        ("Kremlin aide Yuri Ushakov", "Yuri Ushakov", "name"),
        ("Yuri Ushakov, Kremlin aide", "Yuri Ushakov", "name"),
        ("South Korea’s intelligence service", "National Intelligence Service", "similar name"),
    ],
)
def test_a_story_s_words_find_the_registry_entry(resolve, words, name, matched_by):
    found = resolve(words)
    assert (found.name, found.matched_by, found.is_new) == (name, matched_by, False)
    assert found.source_id == [entry[0] for entry in REGISTRY].index(name) + 1


def test_a_name_that_fits_two_sources_matches_neither():
    sources = [
        Source(id=1, name="Korean Central News Agency", kind=Source.Kind.STATE_MEDIA),
        Source(id=2, name="Kenya Civil Nurses Association", kind=Source.Kind.OTHER),
    ]
    assert SourceResolver(SourceDirectory(sources))("KCNA").is_new


def test_the_story_s_own_abbreviations_name_a_new_source_in_full(resolve):
    text = "South Korea’s Defense Intelligence Agency (DIA) said so. The DIA added more."
    resolver = SourceResolver(SourceDirectory(), text)
    assert story_abbreviations(text) == {"DIA": "Defense Intelligence Agency"}
    assert resolver("The DIA").name == "Defense Intelligence Agency"


def test_an_abbreviation_is_spelled_out_by_the_words_just_before_it():
    # However long the run of capitalized words before it, and inside a quotation.
    text = (
        "Aa " * 30_000
        + "Korean Central News Agency (KCNA) said “Defense Intelligence Agency (DIA)”"
    )
    assert story_abbreviations(text) == {
        "KCNA": "Korean Central News Agency",
        "DIA": "Defense Intelligence Agency",
    }
    assert story_abbreviations("the National Intelligence Service(NIS)") == {
        "NIS": "National Intelligence Service"
    }
    assert story_abbreviations("the agency, (NIS) said, Nothing Else (NE)") == {
        "NE": "Nothing Else"
    }


@pytest.mark.parametrize(
    ("words", "name", "kind", "description"),
    [
        ("Kremlin aide Yuri Ushakov", "Yuri Ushakov", "official_spokesperson", "Kremlin aide"),
        ("Health Minister Dana Reyes", "Dana Reyes", "government", "Health Minister"),
        ("the Calder Courier", "Calder Courier", "news_outlet", ""),
        ("Reuters", "Reuters", "wire_agency", ""),
        ("Military analysts at the Borren Institute", "Borren Institute", "expert", ""),
        ("an internal ministry memo", "Internal ministry memo", "document", ""),
        ("a copy of the ceasefire agreement", "Ceasefire agreement", "document", ""),
        ("Dravia’s Defense Ministry", "Dravia’s Defense Ministry", "government", ""),
        ("North Korea’s state television", "North Korea’s state television", "state_media", ""),
        ("the Korean Central News Agency (KCNA)", "Korean Central News Agency", "state_media", ""),
        ("Dr. Ines Varga, an epidemiologist at Calder University", "Ines Varga", "expert", ""),
    ],
)
def test_a_source_the_registry_lacks_is_proposed_with_a_kind(words, name, kind, description):
    proposed = SourceResolver()(words)
    assert (proposed.name, proposed.kind, proposed.is_new) == (name, kind, True)
    if description:
        assert proposed.description == description


def test_the_phrase_keeps_who_owns_the_source():
    phrase = name_phrase("South Korea’s National Intelligence Service (NIS)")
    assert (phrase.owner, phrase.owned) == ("South Korea", "National Intelligence Service")


@pytest.mark.django_db
class TestRegistry:
    def test_aliases_are_kept_one_a_line(self):
        source = make_source("Government of South Korea", aliases="Seoul\n\n  South Korea  \n")
        source.refresh_from_db()
        assert source.alias_list == ["Seoul", "South Korea"]

    def test_the_whole_registry_loads_in_one_query(self, django_assert_num_queries):
        make_source("National Intelligence Service", kind=Source.Kind.INTELLIGENCE_SERVICE)
        make_source("Government of South Korea", aliases="Seoul")
        with django_assert_num_queries(1):
            directory = SourceDirectory.load()
        resolve = SourceResolver(directory)
        assert resolve("Seoul").name == "Government of South Korea"
        assert resolve("NIS").kind == Source.Kind.INTELLIGENCE_SERVICE
