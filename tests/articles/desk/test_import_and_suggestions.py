"""Paste a story, get its claims: the import page, and the suggested claims beside a draft
(logged from a filled-in form, dismissed per story, following the body as it changes)."""

import re

import pytest
from django.urls import reverse

from articles.models import Article, SuggestionDismissal
from claims.models import Claim, Source
from tests.articles.reader_helpers import parse
from tests.factories import make_article, make_claim, make_source, make_user
from tests.helpers import HTMX
from tests.seed import seed_text

pytestmark = pytest.mark.django_db

IMPORT = reverse("desk:article_import")
BODY = (
    "Kim Jong Un left Pyongyang on Monday.\n\n"
    "KCNA reported that Kim inspected a missile institute before departure.\n"
)
UNNAMED = (
    "## Verified Facts\n\n"
    "Putin arrived in China on Sunday for both the parade and meetings linked to the "
    "Shanghai Cooperation Organization.\n"
)


def suggestions(html):
    """The keys of the suggested claims a page lists, in order."""
    return re.findall(r'data-suggestion="([0-9a-f]+)"', html)


def form_values(html):
    """What the Log claim form on a page sends as it stands, as a browser would send it."""
    form = parse(html).by_id("log-claim-form")
    values = {}
    for field in form.find_all("input"):
        kind = field.attrs.get("type", "text")
        ticked = kind not in {"checkbox", "radio"} or "checked" in field.attrs
        if field.attrs.get("name") and kind not in {"submit", "button"} and ticked:
            default = "on" if kind == "checkbox" else ""
            values[field.attrs["name"]] = field.attrs.get("value", default)
    for field in form.find_all("textarea"):
        values[field.attrs["name"]] = field.text.removeprefix("\n")
    for field in form.find_all("select"):
        chosen = [o for o in field.find_all("option") if "selected" in o.attrs]
        values[field.attrs["name"]] = (chosen or field.find_all("option"))[0].attrs["value"]
    return values


class TestImportPage:
    def test_who_may_import(self, client, reporter):
        assert client.get(IMPORT)["Location"].startswith(reverse("login"))
        client.force_login(make_user())
        assert client.get(IMPORT).status_code == 403
        client.force_login(reporter)
        page = client.get(IMPORT)
        assert page.status_code == 200
        assert "Story text" in page.text and "Import story" in page.text
        assert IMPORT in client.get(reverse("desk:dashboard")).text

    def test_the_seed_becomes_a_structured_draft_and_the_furniture_is_reported(
        self, client, reporter
    ):
        client.force_login(reporter)
        response = client.post(IMPORT, {"story_text": seed_text()}, follow=True)
        article = Article.objects.get()
        assert response.redirect_chain[-1][0] == article.get_desk_url()
        assert article.title.startswith("Kim Jong Un heads to Beijing")
        assert article.status == Article.Status.DRAFT
        assert "\n## Verified Facts\n" in article.body
        assert "\n- KCNA says Kim departed Pyongyang" in article.body
        assert "Leave a Comment" not in article.body
        assert "Story imported as a draft." in response.text
        assert "“Leave a Comment”" in response.text  # told what was left out
        assert article.revisions.get().author == reporter

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("   \n  ", "The story text is empty"),
            ("Title\n\x00\x01\x02 binary", "binary"),
            ("Title\n\n" + "word " * 30_000, "at most"),
            ("###\n\nBody paragraph here.", "has no words"),
        ],
        ids=["empty", "binary", "over-long", "no title"],
    )
    def test_bad_input_is_refused_at_the_field_and_creates_nothing(
        self, client, reporter, text, message
    ):
        client.force_login(reporter)
        response = client.post(IMPORT, {"story_text": text})
        assert response.status_code == 422
        assert message in response.text
        assert not Article.objects.exists()


class TestSuggestions:
    def test_a_draft_lists_claims_found_in_its_body_with_source_hint_and_why(
        self, client, reporter
    ):
        make_source("KCNA", kind=Source.Kind.STATE_MEDIA)
        article = make_article(body=BODY)
        client.force_login(reporter)
        html = client.get(article.get_desk_url()).text
        assert len(suggestions(html)) == 1
        item = html[html.index("data-suggestion=") : html.index("Dismiss<span")]
        assert "Kim inspected a missile institute before departure" in item
        assert "KCNA" in item and "new source" not in item
        assert 'data-claim-status="unconfirmed"' in item or 'data-claim-status="verified"' in item
        assert "reported" in item  # the reason names the attribution

    def test_log_claim_fills_the_form_without_javascript_and_with(self, client, reporter):
        article = make_article(body=BODY)
        client.force_login(reporter)
        (key,) = suggestions(client.get(article.get_desk_url()).text)
        page = client.get(article.get_desk_url(), {"suggestion": key}).text
        assert "Filled in from a suggestion" in page
        assert "Kim inspected a missile institute before departure</textarea>" in page
        assert 'name="citation-source" value="KCNA"' in page
        kinds = page[
            page.index('name="citation-source_kind"') : page.index(
                "</select>", page.index('name="citation-source_kind"')
            )
        ]
        assert re.search(r'<option value="[a-z_]+" selected>', kinds)  # a new source's kind
        fragment = client.get(
            reverse("desk:panel", args=[article.pk]), {"suggestion": key}, headers=HTMX
        ).text
        assert "<html" not in fragment
        assert "Filled in from a suggestion" in fragment

    @pytest.mark.parametrize("htmx", [False, True], ids=["plain GET", "htmx"])
    def test_a_suggestion_naming_no_origin_fills_the_form_as_no_named_source(
        self, client, reporter, htmx
    ):
        # The seed's “Putin arrived in China on Sunday…”, shown “Origin none named”: the
        # form logs it unchanged, as a claim the story states without naming who said it.
        article = make_article(body=UNNAMED)
        client.force_login(reporter)
        (key,) = suggestions(client.get(article.get_desk_url()).text)
        if htmx:
            url, headers = reverse("desk:panel", args=[article.pk]), HTMX
        else:
            url, headers = article.get_desk_url(), {}
        filled = form_values(client.get(url, {"suggestion": key}, headers=headers).text)
        assert filled.get("no_named_source") == "on"
        assert filled["citation-source"] == ""
        response = client.post(
            reverse("desk:log_claim", args=[article.pk]), filled, headers=headers
        )
        assert response.status_code == (200 if htmx else 302), response.text
        claim = Claim.objects.get()
        assert claim.no_named_source and not claim.citations.exists()
        assert claim.quote.startswith("Putin arrived in China on Sunday")

    def test_a_suggestion_naming_its_origin_leaves_no_named_source_unticked(self, client, reporter):
        article = make_article(body=BODY)
        client.force_login(reporter)
        (key,) = suggestions(client.get(article.get_desk_url()).text)
        filled = form_values(client.get(article.get_desk_url(), {"suggestion": key}).text)
        assert "no_named_source" not in filled
        assert filled["citation-source"] == "KCNA"

    def test_a_logged_claim_is_not_suggested_again(self, client, reporter):
        article = make_article(body=BODY)
        make_claim(article, quote="inspected a missile institute")
        client.force_login(reporter)
        assert suggestions(client.get(article.get_desk_url()).text) == []

    def test_dismissing_hides_it_for_that_story_only(self, client, reporter):
        article, other = make_article(body=BODY), make_article(body=BODY)
        client.force_login(reporter)
        (key,) = suggestions(client.get(article.get_desk_url()).text)
        url = reverse("desk:dismiss_suggestion", args=[article.pk, key])
        fragment = client.post(url, headers=HTMX)
        assert fragment.status_code == 200
        assert "Dismissed." in fragment.text
        assert suggestions(client.get(article.get_desk_url()).text) == []
        assert suggestions(client.get(other.get_desk_url()).text) == [key]
        client.post(url)  # twice is still once
        assert SuggestionDismissal.objects.count() == 1

    def test_an_address_with_no_suggestions_key_is_not_found(self, client, reporter):
        article = make_article(body=BODY)
        client.force_login(reporter)
        for key in ["x" * 200, "0123456789ABCDEF", "0123456789abcde"]:
            url = f"{article.get_desk_url()}suggestions/{key}/dismiss/"
            assert client.post(url).status_code == 404
        assert not SuggestionDismissal.objects.exists()

    def test_suggestions_follow_the_body_as_it_is_edited(self, client, reporter):
        article = make_article(body="Kim left Pyongyang on Monday.\n")
        client.force_login(reporter)
        assert suggestions(client.get(article.get_desk_url()).text) == []
        fields = {
            "title": article.title,
            "standfirst": "",
            "dateline": "",
            "byline": "",
            "body": BODY,
            "revision": article.revision,
        }
        client.post(article.get_desk_url(), fields)
        assert len(suggestions(client.get(article.get_desk_url()).text)) == 1

    def test_nothing_is_suggested_on_a_published_story(self, client, editor):
        article = make_article(body=BODY, status=Article.Status.PUBLISHED)
        client.force_login(editor)
        assert suggestions(client.get(article.get_desk_url()).text) == []

    def test_only_the_desk_dismisses(self, client):
        article = make_article(body=BODY)
        url = reverse("desk:dismiss_suggestion", args=[article.pk, "0123456789abcdef"])
        assert client.post(url)["Location"].startswith(reverse("login"))
        client.force_login(make_user())
        assert client.post(url).status_code == 403
        assert not SuggestionDismissal.objects.exists()
        assert not Claim.objects.exists()
