"""One address, two answers: a page, or with htmx only the fragment that changed. Caches
between the desk and its users must keep them apart (Vary: HX-Request)."""

import pytest
from django.urls import reverse

from tests.factories import make_claim
from tests.helpers import HTMX

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name",
    ["panel", "claim", "edit_claim", "citations", "request_change", "history"],
)
def test_claim_pages_vary_on_htmx(client, editor, name):
    claim = make_claim()
    client.force_login(editor)
    pk = claim.article_id if name == "panel" else claim.pk
    page = client.get(reverse(f"desk:{name}", args=[pk]))
    fragment = client.get(reverse(f"desk:{name}", args=[pk]), headers=HTMX)
    assert fragment.status_code == 200
    assert "<html" in page.text or page.status_code == 302
    assert "<html" not in fragment.text
    for response in (page, fragment):
        assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize("name", ["review_queue", "find", "source_search"])
def test_lists_vary_on_htmx(client, editor, name):
    client.force_login(editor)
    for headers in ({}, HTMX):
        response = client.get(reverse(f"desk:{name}"), {"q": "k"}, headers=headers)
        assert response.status_code == 200
        assert "HX-Request" in response["Vary"]
