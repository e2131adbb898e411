"""A published story corrected and withdrawn, in the real browser, on the demo story.

A reporter edits a verified claim's statement and corrects a phrase of the body; readers see
neither; an editor approves each in the review queue with a note for readers; readers then
see both, with dated corrections under Updates; the editor withdraws the story with a
reason, and readers get the notice that it was withdrawn (410 Gone). The path runs with
JavaScript on (htmx swaps fragments) and off (plain forms).
"""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from articles.models import Article
from claims.models import Claim
from tests.browser.helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "claimdesk-demo"
STATEMENT = "Foreign Minister Choe Son Hui is in Kim’s delegation."
CORRECTED_STATEMENT = "Foreign Minister Choe Son Hui travels in Kim’s delegation."
PHRASE, CORRECTED_PHRASE = "International media noted", "International news agencies noted"


def walk(desk, reader, live_server, *, javascript):
    call_command("load_demo", force=True, verbosity=0)
    article = Article.objects.published().get()
    claim = article.claims.get(statement=STATEMENT)
    story_url = f"{live_server.url}{article.get_absolute_url()}"
    desk_url = f"{live_server.url}/desk/articles/{article.pk}/"

    # The reporter edits the verified claim's statement: it waits for an editor.
    sign_in(desk, live_server, "reporter", DEMO_PASSWORD)
    desk.goto(desk_url)
    card = desk.locator(f"#claim-{claim.pk}")
    card.get_by_role("link", name=f"Edit claim {claim.pk}").click()
    form = desk.locator(f"#claim-{claim.pk}") if javascript else desk.locator("main")
    form.get_by_label("Statement").fill(CORRECTED_STATEMENT)
    form.get_by_role("button", name="Save claim").click()
    expect(desk.locator("main")).to_contain_text("Claim saved for review")
    expect(desk.locator(f"#claim-{claim.pk}")).to_contain_text("Edited since review")

    # ...and corrects a phrase of the body: a correction, waiting too.
    desk.goto(desk_url)
    body = desk.get_by_label("Body")
    body.fill(body.input_value().replace(PHRASE, CORRECTED_PHRASE))
    desk.get_by_role("button", name="Save", exact=True).click()
    expect(desk.locator(".messages")).to_contain_text("Correction saved for review")
    expect(desk.locator(".correction")).to_contain_text("Correction waiting for review")

    # Readers see neither.
    reader.goto(story_url)
    expect(reader.locator(".story__body")).to_contain_text(PHRASE)
    expect(reader.locator(f"#claim-{claim.pk}")).to_contain_text(STATEMENT)
    expect(reader.locator("main")).not_to_contain_text(CORRECTED_STATEMENT)

    # An editor approves each in the review queue, with a note for readers.
    desk.get_by_role("button", name="Sign out").click()
    sign_in(desk, live_server, "editor", DEMO_PASSWORD)
    desk.goto(f"{live_server.url}/desk/reviews/")
    for kind, note in (
        ("edit", "We made the claim say who travels with Kim."),
        ("correction", "We corrected who noted the images were distributed by state outlets."),
    ):
        row = desk.locator(f"article.review--{kind}").filter(
            has_text=CORRECTED_STATEMENT if kind == "edit" else "Correction of the published"
        )
        row.get_by_label("Correction note for readers").fill(note)
        row.get_by_role("button", name="Approve").click()
        if javascript:
            expect(desk.locator(f"article.review--{kind}.review--approved")).to_have_count(1)
        else:
            expect(desk.locator(".messages")).to_contain_text("Approved")

    # Readers now see both, and the dated corrections under Updates.
    reader.goto(story_url)
    expect(reader.locator(".story__body")).to_contain_text(CORRECTED_PHRASE)
    expect(reader.locator(f"#claim-{claim.pk}")).to_contain_text(CORRECTED_STATEMENT)
    updates = reader.locator(".updates__list")
    expect(updates).to_contain_text("Corrected")
    expect(updates).to_contain_text("We made the claim say who travels with Kim.")
    expect(updates).to_contain_text("We corrected who noted the images")
    assert Claim.objects.get(pk=claim.pk).statement == CORRECTED_STATEMENT

    # The editor withdraws the story, saying why; readers get the notice.
    desk.goto(desk_url)
    desk.get_by_label("Reason").fill("The NIS disowned the briefing our account relied on.")
    desk.get_by_role("button", name="Withdraw").click()
    expect(desk.locator("#workflow")).to_contain_text("Withdrawn")
    response = reader.goto(story_url)
    assert response.status == 410
    expect(reader.locator("h1")).to_have_text(article.title)
    expect(reader.locator("main")).to_contain_text("We withdrew this story on")
    expect(reader.locator("main")).to_contain_text("The NIS disowned the briefing")


def new_page(context):
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_live_story_corrected_then_withdrawn(browser, live_server, javascript):
    desk = browser.new_context(java_script_enabled=javascript)
    reader = browser.new_context(java_script_enabled=javascript)
    try:
        walk(new_page(desk), new_page(reader), live_server, javascript=javascript)
    finally:
        desk.close()
        reader.close()
