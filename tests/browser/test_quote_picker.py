"""In the real browser: words selected in the preview become the quote of a new claim."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import drag_select, sign_in
from tests.conftest import AXE
from tests.factories import make_article, make_reporter

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

BODY = (
    "North Korean leader Kim Jong Un traveled by special train from Pyongyang on Monday.\n\n"
    "KCNA said he left with senior officials.\n"
)


def test_selecting_words_in_the_preview_fills_the_quote(page, live_server):
    reporter = make_reporter("reporter")
    article = make_article(body=BODY, created_by=reporter)
    sign_in(page, live_server, reporter.username)
    page.goto(f"{live_server.url}/desk/articles/{article.pk}/")

    drag_select(page, "#article-preview", "traveled by special train")

    form = page.locator("#log-claim-form")
    expect(form.get_by_label("Quote from the story")).to_have_value("traveled by special train")
    expect(form.locator("[name=quote_prefix]")).to_have_value("leader Kim Jong Un")
    expect(form.locator("[name=quote_suffix]")).to_have_value("from Pyongyang on Monday.")
    statement = form.get_by_label("Statement")
    expect(statement).to_be_focused()

    # Logging it updates the panel in place: the page is not reloaded.
    page.evaluate("window.stillTheSamePage = true")
    statement.fill("Kim left Pyongyang by special train.")
    form.get_by_label("Source", exact=True).fill("KCNA")
    form.get_by_label("Kind, if it is a new source").select_option(label="State media")
    form.get_by_role("button", name="Log claim").click()

    card = page.locator("#claims-panel .claim-card").first
    card.get_by_text("Kim left Pyongyang by special train.").wait_for()
    assert page.evaluate("window.stillTheSamePage") is True
    assert "Claim logged." in page.locator("#claims-panel").inner_text()
    assert "Orphaned" not in card.inner_text()
    assert card.locator("[data-claim-status=unconfirmed]").count() == 1

    page.evaluate(AXE.read_text())
    results = page.evaluate("async () => await axe.run('#claims-panel')")
    grave = [v["id"] for v in results["violations"] if v["impact"] in ("serious", "critical")]
    assert grave == []
