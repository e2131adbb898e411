"""The whole path through the desk in the real browser, as a newsroom walks it.

A reporter writes a story and logs a claim from the preview with a new source, then asks
for it to be verified; an editor's first Publish is refused while that request waits;
the editor approves it from the review queue — it rests on one origin, so only with a
primary-record note — and publishes; a reader sees the badge, and its details say what
verified it. The same path runs with JavaScript on (htmx swaps fragments) and off (plain
forms).
"""

import re

import pytest
from playwright.sync_api import expect

from articles.models import Article
from claims.models import Claim, StatusChange
from tests.browser.helpers import drag_select, sign_in
from tests.factories import make_editor, make_reporter

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

BODY = (
    "North Korean leader Kim Jong Un left Pyongyang by special train on Monday to join "
    "commemorations in Beijing.\n\n"
    "State media listed senior aides in his delegation, including Foreign Minister "
    "Choe Son Hui.\n"
)
QUOTE = "listed senior aides in his delegation"


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()


def walk_the_path(page, reader_page, live_server, *, javascript):
    make_reporter("reporter")
    make_editor("editor")

    # The reporter writes a story.
    sign_in(page, live_server, "reporter")
    page.get_by_role("link", name="Write a new story").first.click()
    page.get_by_label("Title").fill("Kim heads to Beijing by special train")
    page.get_by_label("Standfirst").fill("What we know of the trip, and how we know it.")
    page.get_by_label("Body").fill(BODY)
    page.get_by_role("button", name="Create story").click()
    expect(page.locator("#article-preview")).to_contain_text("Choe Son Hui")
    article = Article.objects.get()

    # ...selects a sentence in the preview (or, without JavaScript, types it) and logs it
    # as a claim with a source new to the registry.
    form = page.locator("#log-claim-form")
    if javascript:
        drag_select(page, "#article-preview", QUOTE)
        expect(form.get_by_label("Quote from the story")).to_have_value(QUOTE)
    else:
        form.get_by_label("Quote from the story").fill(QUOTE)
    form.get_by_label("Statement").fill("Foreign Minister Choe Son Hui travels with Kim.")
    form.get_by_label("Source", exact=True).fill("KCNA")
    form.get_by_label("Kind, if it is a new source").select_option(label="State media")
    form.get_by_role("button", name="Log claim").click()
    card = page.locator("#claims-panel .claim-card").filter(has_text="Choe Son Hui travels")
    expect(card.locator("[data-claim-status=unconfirmed]")).to_have_count(1)
    expect(card).to_contain_text("KCNA")
    claim = Claim.objects.get()

    # ...and asks for it to be verified (in the card with htmx, on the claim's page without).
    card.get_by_role("link", name=re.compile("Request status change")).click()
    card = page.locator(f"#claim-{claim.pk}")
    card.get_by_label("New status").select_option(label="Verified")
    card.get_by_label("Rationale").fill("KCNA's own delegation list names her.")
    card.get_by_role("button", name="Request status change").click()
    expect(page.locator(f"#claim-{claim.pk}")).to_contain_text("Requested")
    assert claim.status_changes.pending().get().to_status == Claim.Status.VERIFIED

    # The review queue is not the reporter's: the server refuses it.
    response = page.goto(f"{live_server.url}/desk/reviews/")
    assert response.status == 403

    page.goto(f"{live_server.url}/desk/articles/{article.pk}/")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator("#workflow")).to_contain_text("In review")
    sign_out(page)

    # The editor's first Publish is refused while the request waits, with that reason.
    sign_in(page, live_server, "editor")
    page.goto(f"{live_server.url}/desk/articles/{article.pk}/")
    page.get_by_role("button", name="Publish").click()
    # (In the status box with htmx; as a message after the redirect without.)
    reason = page.locator("main").get_by_role("link", name=re.compile("waiting for review"))
    expect(reason).to_have_attribute("href", re.compile(f"#claim-{claim.pk}$"))
    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW

    # Approving from the queue: with htmx the row changes in place, no page load. The claim
    # rests on one origin, so the row asks for the primary-record note that verifies it.
    page.get_by_role("link", name="Reviews").first.click()
    row = page.locator(".review").filter(has_text="Choe Son Hui travels")
    expect(row).to_contain_text("KCNA's own delegation list names her.")
    expect(row).to_contain_text("1 origin — to approve Verified, write a primary-record note")
    if javascript:
        page.evaluate("window.stillTheSamePage = true")
    row.get_by_role("button", name="Approve").click()
    refusal = "a verified claim needs two independent origins, or"
    if javascript:
        expect(row.get_by_role("alert")).to_contain_text(refusal)
    else:
        expect(page.locator(".messages")).to_contain_text(refusal)
    assert StatusChange.objects.get().state == StatusChange.State.PENDING
    row = page.locator(".review").filter(has_text="Choe Son Hui travels")
    row.get_by_label("Primary-record note").fill(PRIMARY_RECORD)
    row.get_by_role("button", name="Approve").click()
    if javascript:
        expect(page.locator("main")).to_contain_text("Approved")
        expect(page.locator("main")).to_contain_text(f"primary record: “{PRIMARY_RECORD}”")
        assert page.evaluate("window.stillTheSamePage") is True
    else:
        expect(page.locator(".messages")).to_contain_text("pproved")
    approved = StatusChange.objects.get()
    assert (approved.state, approved.primary_record) == ("approved", PRIMARY_RECORD)

    page.goto(f"{live_server.url}/desk/articles/{article.pk}/")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator("#workflow")).to_contain_text("Published")
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED

    # A reader, signed in to nothing, opens the story and sees the badge at the words.
    reader_page.goto(f"{live_server.url}/")
    reader_page.get_by_role("link", name="Kim heads to Beijing by special train").click()
    badge = reader_page.locator("article [data-claim-status=verified]").first
    expect(badge).to_be_visible()
    expect(badge).to_contain_text("Verified")
    expect(reader_page.locator("mark").filter(has_text=QUOTE)).to_have_count(1)

    # The badge opens the claim's details (a popover, no JavaScript needed), which say what
    # verified it: the editor's primary-record note.
    badge.click()
    popover = reader_page.locator(f"#claim-{claim.pk}:popover-open")
    expect(popover).to_be_visible()
    expect(popover).to_contain_text(f"Primary record: {PRIMARY_RECORD}")
    expect(popover).to_contain_text("1 origin")


PRIMARY_RECORD = "KCNA’s own list of the delegation"


def new_page(context):
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def test_the_whole_path_with_javascript(browser, live_server):
    desk, reader = browser.new_context(), browser.new_context()
    try:
        walk_the_path(new_page(desk), new_page(reader), live_server, javascript=True)
    finally:
        desk.close()
        reader.close()


def test_the_whole_path_without_javascript(browser, live_server):
    desk = browser.new_context(java_script_enabled=False)
    reader = browser.new_context(java_script_enabled=False)
    try:
        walk_the_path(new_page(desk), new_page(reader), live_server, javascript=False)
    finally:
        desk.close()
        reader.close()
