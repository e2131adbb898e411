"""The reader's pages in the real browser: accessibility, badges without JavaScript, phones,
print."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from articles.models import Article
from tests.conftest import axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def demo_story():
    call_command("load_demo", force=True, verbosity=0)
    return Article.objects.published().get()


@pytest.fixture
def csp_errors(page):
    """Everything the browser refused under our Content-Security-Policy."""
    errors = []
    page.on(
        "console",
        lambda message: (
            errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return errors


def open_story(page, live_server, article):
    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    return page.locator(".story__body button.badge")


def grave(violations):
    return [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]


def test_front_page_has_no_serious_accessibility_violations(
    page, live_server, demo_story, csp_errors
):
    page.goto(live_server.url)
    expect(page.get_by_role("link", name=demo_story.title)).to_be_visible()
    assert grave(axe_violations(page)) == []
    assert csp_errors == []


def test_demo_story_has_no_serious_accessibility_violations(
    page, live_server, demo_story, csp_errors
):
    badges = open_story(page, live_server, demo_story)
    assert badges.count() == demo_story.claims.count()
    assert grave(axe_violations(page)) == []
    badges.first.click()
    expect(page.locator("[popover]:popover-open")).to_have_count(1)
    assert grave(axe_violations(page)) == []  # with a claim's details open too
    assert csp_errors == []


def test_every_demo_claim_wears_the_badge_of_its_status(page, live_server, demo_story):
    badges = open_story(page, live_server, demo_story)
    shown = sorted(b.get_attribute("data-claim-status") for b in badges.all())
    assert shown == sorted(demo_story.claims.values_list("status", flat=True))
    assert {"verified", "unconfirmed", "intelligence_estimate"} <= set(shown)


def test_a_badge_opens_the_claims_details_without_javascript(
    page_without_js, live_server, demo_story
):
    page = page_without_js
    claim = demo_story.claims.filter(status="intelligence_estimate").first()
    open_story(page, live_server, demo_story)
    badge = page.locator(f'.story__body [popovertarget="claim-{claim.pk}"]')
    # The details are the claim's item in the list under the story, which the badge opens.
    details = page.locator(f"#claim-{claim.pk}")
    close = details.get_by_role("button", name="Close")
    expect(details).to_contain_text(claim.statement)
    expect(close).to_be_hidden()

    badge.click()
    expect(page.locator(f"#claim-{claim.pk}:popover-open")).to_have_count(1)
    expect(details).to_contain_text("About this claim")
    expect(details).to_contain_text(claim.citations.first().attribution)
    expect(details).to_contain_text("after a review by the desk")

    close.click()
    expect(page.locator(":popover-open")).to_have_count(0)
    expect(details).to_be_visible()  # back in its place in the list
    expect(close).to_be_hidden()


def test_a_badge_is_reached_and_opened_with_the_keyboard(page, live_server, demo_story):
    badge = open_story(page, live_server, demo_story).first
    page.keyboard.press("Tab")  # the skip link
    for _ in range(20):
        if page.evaluate("document.activeElement.matches('.story__body button.badge')"):
            break
        page.keyboard.press("Tab")
    expect(badge).to_be_focused()
    page.keyboard.press("Enter")
    details = page.locator("[popover]:popover-open")
    expect(details).to_have_count(1)
    page.keyboard.press("Escape")
    expect(details).to_have_count(0)


def test_the_story_fits_a_phone(page, live_server, demo_story):
    page.set_viewport_size(PHONE)
    badges = open_story(page, live_server, demo_story)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    badges.nth(3).click()
    box = page.locator("[popover]:popover-open").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert box["y"] + box["height"] <= PHONE["height"]


def test_the_front_page_fits_a_phone(page, live_server, demo_story):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url)
    expect(page.get_by_role("link", name=demo_story.title)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_printed_badges_keep_their_words(page, live_server, demo_story):
    badge = (
        open_story(page, live_server, demo_story)
        .and_(page.locator("[data-claim-status=verified]"))
        .first
    )
    page.emulate_media(media="print")
    expect(badge).to_be_visible()
    expect(badge).to_contain_text("Verified")
    assert badge.evaluate("b => getComputedStyle(b, '::before').content") == '"["'
    assert page.locator(".site-header nav").is_hidden()
    # Every claim's details print in the list under the story, without the popover's parts.
    claims = page.locator(".know .claim")
    assert claims.count() == demo_story.claims.count()
    for n in range(claims.count()):
        expect(claims.nth(n)).to_be_visible()
    expect(page.get_by_text("About this claim").first).to_be_hidden()
