"""The desk in the real browser: sign in, write, preview, save, submit, publish, withdraw.

Each path runs with JavaScript (htmx swaps fragments, the page never reloads) and without
it (plain forms, redirects, messages). Pages must pass axe and break no CSP rule.
"""

import pytest
from playwright.sync_api import expect

from articles.models import Article
from claims import workflow
from tests.browser.helpers import mark_page, sign_in, still_same_page
from tests.conftest import axe_violations
from tests.factories import make_article, make_claim, make_editor, make_reporter, make_request

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def csp_violations(page):
    """Everything the browser blocked under our Content Security Policy, as it reports it."""
    blocked = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return blocked


def assert_accessible(page):
    found = [
        (violation["id"], [node["target"] for node in violation["nodes"]])
        for violation in axe_violations(page)
    ]
    assert found == []


def test_a_reporter_writes_previews_saves_and_submits_without_a_reload(
    page, live_server, csp_violations
):
    make_reporter("kim")
    sign_in(page, live_server, "kim")
    assert_accessible(page)

    page.get_by_role("link", name="Write a new story").click()
    assert_accessible(page)
    page.get_by_role("button", name="Create story").click()
    expect(page.get_by_text("Give the story a title.")).to_be_visible()
    page.get_by_label("Title").fill("Kim heads to Beijing")
    page.get_by_label("Dateline").fill("SEOUL")
    page.get_by_role("button", name="Create story").click()
    expect(page.get_by_text("Story created.")).to_be_visible()
    assert_accessible(page)

    mark_page(page)
    page.get_by_label("Body").fill("Kim traveled by *special train* from Pyongyang.")
    preview = page.locator("#article-preview")
    expect(preview.locator("em")).to_have_text("special train")
    assert Article.objects.get().body == ""
    page.get_by_label("Title").fill("Kim arrives in Beijing")
    expect(page.locator(".story-preview__title")).to_have_text("Kim arrives in Beijing")

    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    assert Article.objects.get().body == "Kim traveled by *special train* from Pyongyang."

    mark_page(page)
    page.get_by_role("button", name="Submit for review").click()
    workflow_box = page.locator("#workflow")
    expect(workflow_box.get_by_text("Submitted for review.")).to_be_visible()
    expect(workflow_box.locator(".status-pill")).to_have_text("In review")
    expect(page.get_by_role("button", name="Submit for review")).to_have_count(0)
    assert still_same_page(page)
    assert Article.objects.get().status == Article.Status.IN_REVIEW
    assert_accessible(page)
    assert csp_violations == []


def test_an_editor_is_shown_why_publish_is_refused_then_publishes_in_place(
    page, live_server, csp_violations
):
    make_editor("lee")
    article = make_article(title="Parade", status=Article.Status.IN_REVIEW)
    claim = make_claim(article, statement="Kim traveled by special train.")
    change = make_request(claim)
    sign_in(page, live_server, "lee")
    page.get_by_role("link", name="Parade").click()
    mark_page(page)

    page.get_by_role("button", name="Publish").click()
    refusal = page.locator("#workflow [role=alert]")
    expect(refusal).to_contain_text("This story cannot be published yet:")
    reason = refusal.get_by_role(
        "link", name="“Kim traveled by special train.” has a status change waiting for review."
    )
    expect(reason).to_be_visible()
    assert still_same_page(page)
    assert_accessible(page)
    reason.click()
    expect(page).to_have_url(f"{live_server.url}/desk/articles/{article.pk}/#claim-{claim.pk}")
    expect(page.locator(f"#claim-{claim.pk}")).to_be_in_viewport()

    workflow.approve(change, make_editor(), primary_record="Its own published record.")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator("#workflow .status-pill")).to_have_text("Published")
    expect(page.get_by_text("Published. Readers can see it now.")).to_be_visible()
    assert still_same_page(page)

    page.get_by_label("Reason").fill("The organizers withdrew the figure we reported.")
    page.get_by_role("button", name="Withdraw").click()
    expect(page.locator("#workflow .status-pill")).to_have_text("Withdrawn")
    assert Article.objects.get().status == Article.Status.WITHDRAWN
    assert csp_violations == []


def test_the_same_desk_works_with_javascript_off(page_without_js, live_server):
    page = page_without_js
    make_reporter("kim")
    make_editor("lee")
    sign_in(page, live_server, "kim")
    page.get_by_role("link", name="Write a new story").click()
    page.get_by_label("Title").fill("Kim heads to Beijing")
    page.get_by_label("Body").fill("Kim traveled by special train.")
    page.get_by_role("button", name="Create story").click()
    expect(page.get_by_text("Story created.")).to_be_visible()
    expect(page.locator("#article-preview")).to_have_text("Kim traveled by special train.")

    page.get_by_label("Body").fill("Kim traveled by **special train** on Monday.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    expect(page.locator("#article-preview strong")).to_have_text("special train")

    article = Article.objects.get()
    claim = make_claim(article, statement="He went by train.", cited=False)
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("Submitted for review.")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server, "lee")
    page.get_by_role("link", name="Kim heads to Beijing").click()
    page.get_by_role("button", name="Publish").click()
    message = page.locator(".messages")
    expect(message).to_contain_text("This story cannot be published yet:")
    message.get_by_role("link", name="“He went by train.” cites no source.").click()
    expect(page).to_have_url(f"{live_server.url}/desk/articles/{article.pk}/#claim-{claim.pk}")

    claim.delete()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Published. Readers can see it now.")).to_be_visible()
    page.get_by_role("link", name="Read it as a reader").click()
    expect(page).to_have_url(f"{live_server.url}/stories/{article.slug}/")


def test_two_people_editing_one_story_never_overwrite_each_other(browser, live_server):
    make_reporter("kim")
    make_reporter("lee")
    article = make_article(title="Parade", body="First version.")
    pages = {}
    for name in ["kim", "lee"]:
        pages[name] = browser.new_context().new_page()
        sign_in(pages[name], live_server, name)
        pages[name].goto(f"{live_server.url}/desk/articles/{article.pk}/")

    pages["kim"].get_by_label("Body").fill("Kim's version.")
    pages["kim"].get_by_role("button", name="Save").click()
    expect(pages["kim"].get_by_text("Saved.")).to_be_visible()

    lee = pages["lee"]
    lee.get_by_label("Body").fill("Lee's version.")
    lee.get_by_role("button", name="Save").click()
    expect(lee.get_by_role("alert")).to_contain_text("kim saved this story at", use_inner_text=True)
    expect(lee.get_by_role("alert")).to_contain_text(
        "after you opened it. Your text is below; copy what you need and reload."
    )
    expect(lee.get_by_label("Body")).to_have_value("Lee's version.")
    expect(lee.locator("#article-preview")).to_have_text("Kim's version.")
    assert Article.objects.get().body == "Kim's version."
    for page in pages.values():
        page.context.close()
