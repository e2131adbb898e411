"""The story page is the same bytes for the same data: rendered from nothing, or with every
part the reader's caches keep already rendered, or after a change and back.

The page of `tests/articles/golden.GoldenStory` is kept in `tests/articles/golden/story.html`;
it changes only on purpose (`--regenerate-golden`, see that module).
"""

import pytest

from articles import publishing
from articles.models import Article
from articles.reader import fragments
from articles.story_cache import forget_rendered
from claims import registry
from claims.content import citation_entry, content_of
from claims.models import Claim
from tests.articles.golden import BODY, GOLDEN, GoldenStory, _content, normalized

pytestmark = pytest.mark.django_db

VERIFIED = Claim.Status.VERIFIED


@pytest.fixture
def golden():
    return GoldenStory()


def cold_page(client, story):
    forget_rendered()
    return normalized(client.get(story.article.get_absolute_url()).text, story)


def test_the_page_is_the_golden_page(client, golden, request):
    page = cold_page(client, golden)
    if request.config.getoption("--regenerate-golden"):
        GOLDEN.write_text(page)
        pytest.skip(f"{GOLDEN} written anew: review the difference and commit it")
    assert page == GOLDEN.read_text()


# Every change a reader can see, each made the way the desk makes it, on a story whose page
# and parts were all rendered before: (the change, the claims' items and the bodies it
# renders anew, what a reader sees of it).
def _status(story):
    story.move("overlap", VERIFIED, primary_record="The aide's own words")


def _claim_edit(story):
    story.edit_claim("train", statement="Kim reached Beijing by special train.")
    story.approve_claim("train", "We corrected the claim.")


def _citation_change(story):
    citations = [*content_of(story.claims["xi"])["citations"]]
    citations.append(citation_entry(story.sources["KCNA"], detail="evening bulletin"))
    story.edit_claim("xi", citations=citations)
    story.approve_claim("xi", "We added a source.")


def _source_renamed(story):
    ushakov = story.sources["Yuri"]
    ushakov.name = "Yuri V. Ushakov"
    ushakov.save()


def _affiliated(story):
    # The daughter's two origins are one voice now.
    source = story.sources["Source"]
    registry.edit(source, story.editor, seen=source.revision, affiliation=story.sources["Lee"])


def _merged(story):
    registry.merge(story.sources["Source"], story.sources["Lee"], story.editor)


def _text_corrected(story):
    story.correct_text("We corrected the day.", body=BODY.replace("on Tuesday", "on Wednesday"))


def _standfirst_corrected(story):
    story.correct_text("We corrected the standfirst again.", standfirst="Three leaders met.")


def _claim_added(story):
    story.add_claim(
        "others",
        _content(
            "Others said nothing.", "Others said nothing", [citation_entry(story.sources["TASS"])]
        ),
    )
    story.approve_claim("others", "We added a claim.")


def _withdrawn_and_republished(story):
    publishing.withdraw(story.article, story.editor, "A source retracted.")
    publishing.publish(Article.objects.get(pk=story.article.pk), story.second_editor)


# What each change renders anew: claims' items, bodies, lines of the Updates, the claims
# whose details it reads anew, the page around the parts (its masthead), and the claims
# whose history it reads anew (a decision on the claim, or a change to its content).
CHANGES = {
    "status change": (
        _status,
        (1, 0, 1, 0, 0, 1),
        'data-claim-status="verified" popovertarget="claim-overlap"',
    ),
    "claim edit approved": (
        _claim_edit,
        (1, 0, 1, 1, 0, 1),
        "Kim reached Beijing by special train.",
    ),
    "citation change approved": (
        _citation_change,
        (1, 0, 1, 1, 0, 1),
        "KCNA, North Korea&#x27;s state news agency</b>, evening bulletin",
    ),
    "source renamed": (_source_renamed, (2, 0, 0, 2, 0, 2), "Yuri V. Ushakov, Kremlin aide"),
    "source affiliated in the registry": (
        _affiliated,
        (1, 0, 0, 1, 0, 1),
        '<dd class="claim__origins">2 origins, not independent</dd>',
    ),
    "sources merged in the registry": (
        _merged,
        (2, 0, 0, 2, 0, 2),
        '<dd class="claim__origins">1 origin',
    ),
    "text correction approved": (_text_corrected, (0, 1, 1, 0, 0, 0), "on Wednesday"),
    "standfirst corrected": (
        _standfirst_corrected,
        (0, 0, 1, 0, 1, 0),
        '<p class="story__standfirst">Three leaders met.</p>',
    ),
    "claim added and approved": (_claim_added, (1, 1, 1, 1, 0, 1), 'popovertarget="claim-others"'),
    "withdrawn and published again": (
        _withdrawn_and_republished,
        (0, 0, 0, 0, 0, 0),
        "Kim, Xi &amp; Putin",
    ),
}


def rendered():
    return (
        fragments.items.renders,
        fragments.bodies.renders,
        fragments.updates.renders,
        fragments.details.renders,  # claims whose details were read from the database
        fragments.shells.renders,
        fragments.histories.renders,  # claims whose history was read from the database
    )


@pytest.mark.parametrize("kind", CHANGES)
def test_each_change_renders_only_its_parts_anew_and_nothing_stale(client, golden, kind):
    change, parts, shown = CHANGES[kind]
    url = golden.article.get_absolute_url()
    before = client.get(url).content
    counted = rendered()
    change(golden)
    page = client.get(url).content
    # The page is new, with the change, and made of exactly the parts it needs anew…
    assert page != before
    assert shown in normalized(page.decode(), golden)
    assert tuple(now - then for now, then in zip(rendered(), counted, strict=True)) == parts
    # …and the same bytes as a page rendered from nothing: no part of it is stale.
    forget_rendered()
    assert client.get(url).content == page


def test_a_proposal_changes_nothing_a_reader_sees(client, golden):
    url = golden.article.get_absolute_url()
    before = client.get(url)
    counted = rendered()
    golden.edit_claim("train", statement="Not approved yet.")
    after = client.get(url)
    assert after.content == before.content and after.headers["ETag"] == before.headers["ETag"]
    assert rendered() == counted


def test_a_withdrawn_story_is_gone_though_its_parts_were_kept(client, golden):
    url = golden.article.get_absolute_url()
    assert client.get(url).status_code == 200
    publishing.withdraw(golden.article, golden.editor, "A source retracted.")
    response = client.get(url)
    assert response.status_code == 410
    assert "A source retracted." in response.text
