"""An editor deciding while the database is out of reach, in the real browser, against
gunicorn on the test database through a relay the test cuts (tests/servers.py): told that
nothing was saved, with the note they typed still in the form, and able to send it again
once the database is back, when the alert goes."""

import pytest
from playwright.sync_api import expect

from claims.models import Claim, StatusChange
from tests.articles.reader_helpers import story_with_claims
from tests.factories import make_citation, make_editor, make_request
from tests.helpers import postgresql_only
from tests.servers import gunicorn, signed_in, until

pytestmark = [pytest.mark.browser, postgresql_only, pytest.mark.django_db(transaction=True)]

NOTE = "Checked against the ministry’s own record."


def serving(page, port):
    try:
        return page.request.get(f"http://127.0.0.1:{port}/readyz").status == 200
    except Exception:  # Playwright's error for a port not listening yet
        return False


def test_a_decision_sent_while_the_database_is_away(page, relay, tmp_path):
    _, (claim,) = story_with_claims([Claim.Status.UNCONFIRMED])
    make_citation(claim)  # a second independent origin: it may be verified
    change = make_request(claim)
    editor = make_editor()
    with gunicorn(
        relay,
        tmp_path / "stderr",
        lambda port: serving(page, port),
        GUNICORN_WORKERS="1",
        DATABASE_POOL_TIMEOUT="0.5",
    ) as port:
        page.context.add_cookies(
            [{"name": "sessionid", "value": signed_in(editor), "url": f"http://127.0.0.1:{port}"}]
        )
        page.goto(f"http://127.0.0.1:{port}/desk/reviews/")
        row = page.locator(f"#request-{change.pk}")
        row.get_by_label("Note (optional)").fill(NOTE)

        relay.cut()
        row.get_by_role("button", name="Approve").click()
        alert = page.get_by_role("alert")
        expect(alert).to_contain_text("Nothing was saved")
        expect(alert).to_contain_text("What you typed is still in the form")
        expect(row.get_by_label("Note (optional)")).to_have_value(NOTE)

        relay.mend()
        assert until(lambda: serving(page, port), 10)
        # Sent again as it stands.
        row.get_by_role("button", name="Approve").click()
        expect(row.locator(".review__outcome")).to_contain_text("Approved")
        expect(page.locator("#desk-alert")).to_be_empty()  # no "Nothing was saved" beside it
    change.refresh_from_db()
    assert (change.state, change.decision_note) == (StatusChange.State.APPROVED, NOTE)
