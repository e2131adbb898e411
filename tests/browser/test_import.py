"""Paste a story, log its suggested claims, in the real browser, with JavaScript and without.

A reporter imports the seed story from the dashboard, then logs two of the claims the desk
suggests: one whose source is already in the registry, one whose source is new. Both show
in the claims panel, and the new source is in the registry.
"""

import pytest
from playwright.sync_api import expect

from articles.models import Article
from claims.models import Claim, Source
from tests.browser.helpers import sign_in
from tests.factories import make_reporter, make_source
from tests.seed import seed_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_suggestion(page, suggestion):
    """Log claim from a suggestion: the form fills in; the reporter checks it and logs it."""
    statement = suggestion.locator(".suggestion__statement").inner_text()
    suggestion.get_by_role("link", name="Log claim from this suggestion").click()
    form = page.locator("#log-claim-form")
    expect(form.get_by_label("Statement")).to_have_value(statement)
    form.get_by_role("button", name="Log claim").click()
    expect(page.locator("#claims-panel .claim-card").filter(has_text=statement)).to_have_count(1)
    return statement


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_reporter_imports_a_story_and_logs_two_suggested_claims(browser, live_server, javascript):
    make_reporter("reporter")
    make_source("KCNA", kind=Source.Kind.STATE_MEDIA)
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        sign_in(page, live_server, "reporter")
        page.get_by_role("link", name="Import a story").click()
        page.get_by_label("Story text").fill(seed_text())
        page.get_by_role("button", name="Import story").click()
        expect(page.locator(".messages")).to_contain_text("Story imported as a draft.")
        expect(page.locator(".messages")).to_contain_text("Leave a Comment")
        article = Article.objects.get()
        expect(page.get_by_role("heading", level=1)).to_have_text(article.title)

        suggested = page.locator("[data-suggestion]")
        known = suggested.filter(has_text="KCNA").filter(has_not_text="new source").first
        first = log_suggestion(page, known)
        new = page.locator("[data-suggestion]").filter(has_text="new source").first
        new_source = new.locator(".suggestion__sources").inner_text()
        second = log_suggestion(page, new)

        assert set(Claim.objects.values_list("statement", flat=True)) == {first, second}
        assert Source.objects.count() > 1  # the new source is in the registry now
        assert any(source.name in new_source for source in Source.objects.exclude(name="KCNA"))
        # Logged claims are not suggested again.
        expect(page.locator("[data-suggestion]").filter(has_text=first)).to_have_count(0)
    finally:
        context.close()
