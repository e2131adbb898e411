"""The published story as a reader sees it: badges, sources, history, updates, 404s."""

import datetime
import json
from itertools import pairwise

import pytest

from articles import publishing
from articles.models import Article
from claims.models import Claim, Source
from tests.articles.reader_helpers import (
    HOSTILE,
    clock,
    linked,
    move_to,
    page,
    parse,
    publish_story,
    story_with_claims,
    utc,
)
from tests.factories import (
    make_article,
    make_citation,
    make_claim,
    make_editor,
    make_reporter,
    make_source,
)

pytestmark = pytest.mark.django_db

VERIFIED, UNCONFIRMED, ESTIMATE = Claim.Status


@pytest.fixture
def three_badges():
    return story_with_claims([VERIFIED, UNCONFIRMED, ESTIMATE])


def badge_in_body(tree, claim):
    body = tree.find("div", class_="story__body")
    (button,) = [
        b for b in body.find_all("button") if b.attrs["popovertarget"] == f"claim-{claim.pk}"
    ]
    return button


def details(tree, claim):
    """The claim's item in the list under the story, which its badge opens as a popover."""
    return tree.by_id(f"claim-{claim.pk}")


def said_of(entry, term):
    """What a claim's details say first under `term` (“Sources”, “Note”, “History”)."""
    children = [node for node in entry.find("dl").children if not isinstance(node, str)]
    for dt, dd in pairwise(children):
        if dt.tag == "dt" and dt.words == term:
            return dd
    raise AssertionError(f"nothing under {term!r} in {entry.words!r}")


class TestBadges:
    @pytest.mark.parametrize(
        ("index", "status", "label"),
        [
            (0, "verified", "Verified"),
            (1, "unconfirmed", "Unconfirmed"),
            (2, "intelligence_estimate", "Intelligence estimate"),
        ],
    )
    def test_each_status_wears_its_badge_with_its_word(
        self, client, three_badges, index, status, label
    ):
        article, claims = three_badges
        button = badge_in_body(page(client, article), claims[index])
        assert button.attrs["data-claim-status"] == status
        # The word alone: its shape comes from the stylesheet (tests/browser/test_reader.py).
        assert button.children == [label]

    def test_the_badge_follows_the_quoted_words(self, client, three_badges):
        article, _ = three_badges
        paragraph = page(client, article).find("div", class_="story__body").find_all("p")[0]
        mark, button, after = paragraph.children
        assert mark.text == "Fact number 0 is stated"
        assert button.attrs["data-claim-status"] == "verified"
        assert after == " here."

    def test_a_badge_is_a_button_that_opens_the_claims_details_without_script(
        self, client, three_badges
    ):
        article, claims = three_badges
        tree = page(client, article)
        button = badge_in_body(tree, claims[0])
        assert button.tag == "button"
        # The page has no form for it to submit; what it does is told once for every badge.
        assert not tree.find_all("form")
        help_text = tree.by_id(button.attrs["aria-describedby"])
        assert help_text.words == "Shows the claim's sources and history."
        popover = details(tree, claims[0])
        assert "popover" in popover.attrs
        assert "Claim 0" in popover.words
        assert popover.find("span", class_="badge").attrs["data-claim-status"] == "verified"

    def test_each_claim_in_the_list_wears_its_badge(self, client, three_badges):
        article, claims = three_badges
        tree = page(client, article)
        listed = [
            tree.by_id(f"claim-{claim.pk}").find("span", class_="badge").attrs["data-claim-status"]
            for claim in claims
        ]
        assert listed == ["verified", "unconfirmed", "intelligence_estimate"]

    def test_the_details_give_statement_attribution_chain_note_and_history(self, client):
        with clock(utc(2025, 9, 1, 8, 0)):
            article = publish_story(
                body="Putin–Kim talks are under consideration, the Kremlin said.",
                published_at=utc(2025, 9, 1, 9, 0),
            )
            claim = make_claim(
                article,
                statement="A Putin–Kim meeting is under consideration.",
                quote="Putin-Kim talks are under consideration",
                public_note="The Kremlin did not say when.",
                cited=False,
            )
        ushakov = make_source(
            "Yuri Ushakov", kind=Source.Kind.OFFICIAL_SPOKESPERSON, description="Kremlin aide"
        )
        make_citation(claim, ushakov, via=make_source("TASS"), detail="interview")
        move_to(claim, VERIFIED, at=utc(2025, 9, 2, 14, 10))

        popover = details(page(client, article), claim).words
        assert "A Putin–Kim meeting is under consideration." in popover
        assert "Yuri Ushakov, Kremlin aide — via TASS, interview" in popover
        assert "The Kremlin did not say when." in popover
        assert "Unconfirmed until 2 Sept 14:10, verified after a review by the desk." in popover

    def test_history_tells_every_approved_change_in_order(self, client):
        article, (claim,) = story_with_claims([UNCONFIRMED])
        make_citation(claim, make_source(kind=Source.Kind.INTELLIGENCE_SERVICE))
        move_to(claim, ESTIMATE, at=utc(2025, 9, 1, 10, 0))
        move_to(claim, VERIFIED, at=utc(2025, 9, 3, 9, 5))
        history = said_of(page(client, article).by_id(f"claim-{claim.pk}"), "History")
        assert history.words.endswith(
            "Unconfirmed until 1 Sept 2025 10:00, marked an intelligence estimate after a "
            "review by the desk. Intelligence estimate until 3 Sept 2025 09:05, verified "
            "after a review by the desk."
        )

    def test_a_claim_never_changed_says_since_when_it_is_unconfirmed(self, client):
        with clock(utc(2025, 9, 1, 7, 45)):
            article, (claim,) = story_with_claims([UNCONFIRMED], published_at=utc(2025, 9, 1))
        history = said_of(page(client, article).by_id(f"claim-{claim.pk}"), "History")
        assert history.words == "Unconfirmed since 1 Sept 07:45."


class TestWhatWeKnow:
    def test_claims_are_grouped_by_status_verified_first(self, client):
        article, claims = story_with_claims([ESTIMATE, UNCONFIRMED, VERIFIED, VERIFIED])
        section = page(client, article).by_id("what-we-know").parent
        groups = [h3.words for h3 in section.find_all("h3")]
        assert groups == ["Verified (2)", "Unconfirmed (1)", "Intelligence estimate (1)"]
        lists = section.find_all("ol", class_="claims")
        assert [[li.attrs["id"] for li in ol.find_all("li", class_="claim")] for ol in lists] == [
            [f"claim-{claims[2].pk}", f"claim-{claims[3].pk}"],
            [f"claim-{claims[1].pk}"],
            [f"claim-{claims[0].pk}"],
        ]

    def test_each_listed_claim_shows_its_sources(self, client):
        article = publish_story(body="Seoul says about 15,000 troops were sent.")
        claim = make_claim(article, quote="15,000 troops", statement="15,000 troops", cited=False)
        nis = make_source("National Intelligence Service", kind=Source.Kind.INTELLIGENCE_SERVICE)
        make_citation(claim, nis, via=make_source("Lee Seong Kweun"))
        make_citation(
            claim,
            make_source("Yonhap"),
            url="https://example.com/yonhap",
            date=datetime.date(2025, 9, 2),
            quoted_text="about 15,000",
        )
        entry = page(client, article).by_id(f"claim-{claim.pk}")
        sources = [li.words for li in said_of(entry, "Sources").find_all("li")]
        assert sources == [
            "National Intelligence Service — via Lee Seong Kweun",
            "Yonhap (2 Sept 2025) about 15,000",
        ]
        assert entry.find("a").attrs["href"] == "https://example.com/yonhap"

    def test_a_source_address_that_is_not_a_web_link_is_not_linked(self, client):
        article, (claim,) = story_with_claims([UNCONFIRMED])
        make_citation(claim, make_source("Odd"), url="javascript:alert(1)")
        entry = page(client, article).by_id(f"claim-{claim.pk}")
        assert entry.find_all("a", href="javascript:alert(1)") == []
        assert "Odd" in entry.words

    def test_the_legend_explains_each_label_in_one_sentence(self, client, three_badges):
        article, _ = three_badges
        legend = page(client, article).find("dl", class_="legend")
        items = [
            (div.find(class_="badge").attrs["data-claim-status"], div.find("dd").words)
            for div in legend.find_all("div")
        ]
        assert items == [
            ("verified", "We confirmed this from independent sources or the record itself."),
            ("unconfirmed", "Reported, but we have not been able to confirm it."),
            (
                "intelligence_estimate",
                "An intelligence service's assessment; nobody outside it has verified it.",
            ),
        ]

    def test_the_head_counts_the_claims(self, client):
        article, _ = story_with_claims([VERIFIED, VERIFIED, UNCONFIRMED, ESTIMATE, ESTIMATE])
        counts = page(client, article).find("p", class_="story__counts")
        assert counts.words == "2 verified · 1 unconfirmed · 2 intelligence estimates"

    def test_a_claim_whose_quote_is_gone_is_still_listed_but_has_no_badge_in_the_text(self, client):
        article, (found, _) = story_with_claims([VERIFIED, VERIFIED])
        lost = make_claim(article, statement="Lost claim", quote="words no longer there")
        tree = page(client, article)
        assert "Lost claim" in tree.by_id(f"claim-{lost.pk}").words
        body = tree.find("div", class_="story__body")
        targets = [b.attrs["popovertarget"] for b in body.find_all("button")]
        assert f"claim-{lost.pk}" not in targets
        assert f"claim-{found.pk}" in targets
        assert "popover" not in tree.by_id(f"claim-{lost.pk}").attrs
        assert "popover" in tree.by_id(f"claim-{found.pk}").attrs


class TestUpdates:
    def test_changes_approved_after_publication_are_listed_newest_first(self, client):
        with clock(utc(2025, 9, 1, 8, 0)):
            article, (first, second, early) = story_with_claims(
                [UNCONFIRMED, UNCONFIRMED, UNCONFIRMED], published_at=utc(2025, 9, 1, 12, 0)
            )
        move_to(early, VERIFIED, at=utc(2025, 9, 1, 11, 0))  # before publication
        move_to(first, VERIFIED, at=utc(2025, 9, 2, 14, 10))
        make_citation(second, make_source(kind=Source.Kind.INTELLIGENCE_SERVICE))
        move_to(second, ESTIMATE, at=utc(2025, 9, 3, 9, 0))

        updates = page(client, article).by_id("updates").parent.find_all("li")
        assert [li.words for li in updates] == [
            "Updated 3 Sept 2025 09:00: the claim “Claim 1” is now an intelligence estimate "
            "(it was unconfirmed).",
            "Updated 2 Sept 2025 14:10: the claim “Claim 0” is now verified (it was unconfirmed).",
        ]
        assert updates[0].find("a").attrs["href"] == f"#claim-{second.pk}"

    def test_without_changes_since_publication_the_story_says_so(self, client, three_badges):
        article, _ = three_badges
        section = page(client, article).by_id("updates").parent
        assert section.words.endswith("Nothing has changed since this story was published.")


class TestStructuredData:
    def structured_data(self, client, article):
        response = client.get(article.get_absolute_url())
        tree = parse(response.text)
        (script,) = tree.find_all("script")
        assert script.attrs["type"] == "application/ld+json"
        return linked(json.loads(script.text)["@graph"])

    def test_news_article_with_dates_author_and_headline(self, client):
        article = publish_story(
            title="Kim heads to Beijing", byline="Jane Reporter", published_at=utc(2025, 9, 1, 9)
        )
        news = self.structured_data(client, article)[0]
        assert news["@type"] == "NewsArticle"
        assert news["headline"] == "Kim heads to Beijing"
        assert news["author"] == {"@type": "Person", "name": "Jane Reporter"}
        assert news["datePublished"] == "2025-09-01T09:00:00+00:00"
        assert news["url"] == f"http://testserver{article.get_absolute_url()}"
        assert news["publisher"] == {
            "@type": "Organization",
            "name": "The Claim Desk",
            "url": "http://testserver/",
        }

    def test_date_modified_moves_with_an_update(self, client):
        article, (claim,) = story_with_claims([UNCONFIRMED], published_at=utc(2025, 9, 1, 9))
        before = self.structured_data(client, article)[0]["dateModified"]
        move_to(claim, VERIFIED, at=utc(2030, 1, 2, 3, 4))
        after = self.structured_data(client, article)[0]["dateModified"]
        assert after > before
        assert after.startswith("2030-01-02T03:04")

    def test_a_claim_review_per_claim_with_an_origin(self, client):
        article = publish_story(body="The NIS says 15,000 troops went. Others said nothing.")
        estimate = make_claim(article, quote="15,000 troops", statement="15,000 went", cited=False)
        nis = make_source("NIS", kind=Source.Kind.INTELLIGENCE_SERVICE)
        make_citation(estimate, nis, via=make_source("Lee Seong Kweun"))
        move_to(estimate, ESTIMATE)
        make_claim(article, quote="Others said nothing", cited=False)

        (review,) = self.structured_data(client, article)[1:]
        assert review["@type"] == "ClaimReview"
        assert review["claimReviewed"] == "15,000 went"
        assert review["itemReviewed"] == {
            "@type": "Claim",
            "author": {"@type": "Organization", "name": "NIS"},
        }
        assert review["reviewRating"]["alternateName"] == "Intelligence estimate"
        assert review["author"] == {
            "@type": "Organization",
            "name": "The Claim Desk",
            "url": "http://testserver/",
        }
        story_url = f"http://testserver{article.get_absolute_url()}"
        assert review["url"] == f"{story_url}#claim-{estimate.pk}"

    def test_a_spokesperson_is_a_person_and_several_origins_are_all_named(self, client):
        article, (claim,) = story_with_claims([VERIFIED])
        claim.citations.all().delete()
        spokesperson = Source.Kind.OFFICIAL_SPOKESPERSON
        make_citation(claim, make_source("Yuri Ushakov", kind=spokesperson))
        make_citation(claim, make_source("KCNA", kind=Source.Kind.STATE_MEDIA))
        (review,) = self.structured_data(client, article)[1:]
        assert review["itemReviewed"]["author"] == [
            {"@type": "Person", "name": "Yuri Ushakov"},
            {"@type": "Organization", "name": "KCNA"},
        ]
        assert review["reviewRating"]["alternateName"] == "Verified"


class TestHostileText:
    @pytest.fixture
    def hostile_story(self):
        article = publish_story(
            title=f"Title {HOSTILE}",
            standfirst=f"Standfirst {HOSTILE}",
            byline=f"Byline {HOSTILE}",
            dateline=f"Dateline {HOSTILE}",
            body=f"Body starts. {HOSTILE} Body ends.",
        )
        claim = make_claim(
            article,
            statement=f"Statement {HOSTILE}",
            quote=HOSTILE,
            public_note=f"Note {HOSTILE}",
            cited=False,
        )
        make_citation(
            claim,
            make_source(f"Source {HOSTILE}", description=f"Description {HOSTILE}"),
            via=make_source(f"Via {HOSTILE}"),
            detail=f"Detail {HOSTILE}",
            quoted_text=f"Quoted {HOSTILE}",
        )
        move_to(claim, VERIFIED)
        return article, claim

    def test_every_field_is_shown_as_text_never_as_markup(self, client, hostile_story):
        article, claim = hostile_story
        response = client.get(article.get_absolute_url())
        tree = parse(response.text)
        assert [s.attrs["type"] for s in tree.find_all("script")] == ["application/ld+json"]
        for node in tree.iter():
            assert not any(name.startswith("on") for name in node.attrs), node.attrs
        assert tree.find("h1").text == f"Title {HOSTILE}"
        assert tree.find("p", class_="story__standfirst").text == f"Standfirst {HOSTILE}"
        assert tree.find("mark").text == HOSTILE
        entry = tree.by_id(f"claim-{claim.pk}")
        for field in ["Statement", "Note", "Detail", "Quoted", "Source", "Description", "Via"]:
            assert f"{field} {HOSTILE}" in entry.text
        assert "{{ secret }}" in response.text  # shown as typed, not evaluated

    def test_the_json_ld_keeps_the_text_and_cannot_close_its_script(self, client, hostile_story):
        article, _ = hostile_story
        html = client.get(article.get_absolute_url()).text
        start = html.index('<script type="application/ld+json">') + len(
            '<script type="application/ld+json">'
        )
        data = html[start : html.index("</script>", start)]
        assert "<" not in data and ">" not in data
        news, review = linked(json.loads(data)["@graph"])
        assert news["headline"] == f"Title {HOSTILE}"
        assert review["claimReviewed"] == f"Statement {HOSTILE}"
        assert review["itemReviewed"]["author"]["name"] == f"Source {HOSTILE}"


class TestWhoSeesWhat:
    @pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.IN_REVIEW])
    def test_unpublished_stories_are_not_found(self, client, status):
        article = make_article(status=status, created_by=make_reporter())
        assert client.get(article.get_absolute_url()).status_code == 404
        assert client.get(f"{article.get_absolute_url()}claims.json").status_code == 404

    def test_a_withdrawn_story_is_gone_even_after_it_was_read(self, client):
        article, _ = story_with_claims([VERIFIED])
        assert client.get(article.get_absolute_url()).status_code == 200
        publishing.withdraw(article, make_editor(), "A source retracted.")
        response = client.get(article.get_absolute_url())
        assert response.status_code == 410
        assert "A source retracted." in response.text

    def test_an_unknown_story_is_not_found(self, client):
        assert client.get("/stories/no-such-story/").status_code == 404

    def test_readers_need_no_account(self, client, three_badges):
        article, _ = three_badges
        response = client.get(article.get_absolute_url())
        assert response.status_code == 200
        assert "Select a badge to see its sources and history." in response.text

    def test_the_page_only_answers_reading(self, client, three_badges):
        article, _ = three_badges
        assert client.post(article.get_absolute_url()).status_code == 405

    def test_published_date_is_in_the_newsrooms_style(self, client):
        article = publish_story(published_at=utc(2025, 9, 1, 9, 30))
        meta = page(client, article).find("p", class_="story__meta")
        assert "Published 1 Sept 2025" in meta.words
        assert meta.find("time").attrs["datetime"] == "2025-09-01T09:30:00+00:00"

    def test_the_story_is_dated_in_the_sites_time_zone(self, client, settings):
        settings.TIME_ZONE = "Asia/Seoul"
        article = publish_story(
            published_at=datetime.datetime(2025, 8, 31, 20, 0, tzinfo=datetime.UTC)
        )
        assert (
            "Published 1 Sept 2025" in page(client, article).find("p", class_="story__meta").words
        )
