"""Adding and removing a claim's citations from its card."""

from unittest import mock

import pytest
from django.db import IntegrityError
from django.urls import reverse

from articles.models import Article
from claims.models import Citation, Source
from tests.factories import make_article, make_citation, make_claim, make_source, make_user
from tests.helpers import HTMX

pytestmark = pytest.mark.django_db


def citations_url(claim):
    return reverse("desk:citations", args=[claim.pk])


def remove_url(claim, index=0):
    """Removing the claim's citation at `index`, as the claim's citations list it."""
    return reverse("desk:remove_citation", args=[claim.pk, index])


def test_anonymous_is_sent_to_sign_in(client):
    claim = make_claim()
    assert client.get(citations_url(claim))["Location"].startswith(reverse("login"))
    response = client.post(remove_url(claim))
    assert response["Location"].startswith(reverse("login"))
    assert claim.citations.exists()


def test_someone_without_a_desk_role_is_refused(client):
    claim = make_claim()
    client.force_login(make_user())
    assert client.get(citations_url(claim)).status_code == 403
    assert (
        client.post(citations_url(claim), {"revision": 1, "citation-source": "KCNA"}).status_code
        == 403
    )
    assert client.post(remove_url(claim)).status_code == 403


def test_card_lists_citations_with_their_attribution_chain(client, reporter):
    claim = make_claim(cited=False)
    make_citation(
        claim,
        make_source("Yuri Ushakov", description="Kremlin aide"),
        via=make_source("TASS"),
        detail="told reporters",
    )
    client.force_login(reporter)
    html = client.get(citations_url(claim), headers=HTMX).content.decode()
    assert "Yuri Ushakov, Kremlin aide — via TASS" in html
    assert "told reporters" in html
    assert "Add citation" in html


def test_adding_a_citation_of_an_existing_source(client, reporter):
    claim = make_claim()
    tass = make_source("TASS", kind=Source.Kind.STATE_MEDIA)
    client.force_login(reporter)

    response = client.post(
        citations_url(claim),
        {"revision": 1, "citation-source": "tass", "citation-detail": "Wire report"},
    )

    assert response.status_code == 302
    assert response["Location"].endswith(f"#claim-{claim.pk}")
    assert claim.citations.count() == 2
    assert claim.citations.last().source == tass


def test_adding_a_citation_with_htmx_returns_the_card(client, reporter):
    claim = make_claim()
    client.force_login(reporter)
    response = client.post(
        citations_url(claim),
        {
            "revision": 1,
            "citation-source": "Chinese organizers",
            "citation-source_kind": "government",
        },
        headers=HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<li id="claim-{claim.pk}"')
    assert "Citation of Chinese organizers saved." in html
    assert "2 citations" in html


def test_duplicate_new_source_keeps_what_was_typed(client, reporter):
    claim = make_claim()
    make_source("KCNA")
    client.force_login(reporter)
    response = client.post(
        citations_url(claim),
        {
            "citation-source": "KCNA",
            "citation-source_kind": "state_media",
            "citation-detail": "Photos published Sept. 1",
        },
        headers=HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "A source named “KCNA” already exists — use it." in html
    assert "Photos published Sept. 1" in html
    assert claim.citations.count() == 1


def test_a_new_source_taken_and_gone_again_before_it_is_read_is_refused(client, reporter):
    # The database refused the name, and the source it belonged to was merged away before
    # it could be cited.
    claim = make_claim()
    client.force_login(reporter)
    taken = IntegrityError("duplicate key value violates unique constraint")
    with mock.patch("claims.registry.add", side_effect=taken):
        response = client.post(
            citations_url(claim),
            {"revision": 1, "citation-source": "Yonhap", "citation-source_kind": "wire_agency"},
            headers=HTMX,
        )
    assert response.status_code == 409
    assert "A source named “Yonhap” was added and then removed meanwhile" in response.text
    assert claim.citations.count() == 1


def test_a_citation_refused_as_stale_adds_no_new_source(client, reporter):
    # Found by the fuzz tests: the new source was added before the edit was refused.
    claim = make_claim()
    client.force_login(reporter)
    response = client.post(
        citations_url(claim),
        {"revision": 2, "citation-source": "Yonhap", "citation-source_kind": "wire_agency"},
        headers=HTMX,
    )
    assert response.status_code == 409
    assert not Source.objects.filter(name="Yonhap").exists()
    assert claim.citations.count() == 1


def test_bad_url_is_refused_next_to_the_field(client, reporter):
    claim = make_claim()
    make_source("KCNA")
    client.force_login(reporter)
    response = client.post(
        citations_url(claim),
        {"revision": 1, "citation-source": "KCNA", "citation-url": "not a url"},
    )
    assert response.status_code == 422
    assert "Enter a valid URL." in response.content.decode()
    assert 'value="not a url"' in response.content.decode()


def test_removing_a_citation(client, reporter):
    claim = make_claim()
    keep = make_citation(claim, make_source("TASS"))
    client.force_login(reporter)
    response = client.post(remove_url(claim, 0), {"revision": 1}, headers=HTMX)
    assert response.status_code == 200
    assert "Removal of the citation of Source" in response.content.decode()
    assert list(claim.citations.all()) == [keep]


def test_removing_the_last_citation_warns_it_blocks_publication(client, reporter):
    claim = make_claim()
    client.force_login(reporter)
    response = client.post(remove_url(claim, 0), {"revision": 1}, follow=True)
    assert "The claim now cites no source; it cannot be published until it does." in (
        response.content.decode()
    )
    assert not Citation.objects.exists()


def test_removing_the_last_citation_of_a_live_claim_says_it_waits_for_an_editor(client, reporter):
    claim = make_claim(make_article(status=Article.Status.PUBLISHED))
    client.force_login(reporter)
    response = client.post(remove_url(claim, 0), {"revision": 1}, follow=True)
    text = response.content.decode()
    assert "saved for review: readers and the publication gate see the approved claim" in text
    assert "The claim now cites no source" not in text
    assert claim.citations.exists()


def test_a_citation_the_claim_does_not_have_is_not_found(client, reporter):
    claim = make_claim()
    client.force_login(reporter)
    response = client.post(remove_url(claim, 1), {"revision": 1})
    assert response.status_code == 404
    assert claim.citations.exists()


def test_removing_needs_post(client, reporter):
    claim = make_claim()
    client.force_login(reporter)
    assert client.get(remove_url(claim)).status_code == 405
