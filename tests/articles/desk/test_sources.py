"""Sources: search as you type, and adding one to the registry."""

from unittest import mock

import pytest
from django.db import IntegrityError
from django.urls import reverse

from claims.models import Source
from tests.factories import make_source, make_user
from tests.helpers import HTMX, postgresql_only

pytestmark = pytest.mark.django_db

SEARCH = reverse("desk:source_search")
NEW = reverse("desk:source_new")


def test_anonymous_is_sent_to_sign_in(client):
    assert client.get(SEARCH)["Location"].startswith(reverse("login"))
    assert client.post(NEW, {"name": "KCNA"})["Location"].startswith(reverse("login"))
    assert not Source.objects.exists()


def test_someone_without_a_desk_role_is_refused(client):
    client.force_login(make_user())
    assert client.get(SEARCH, {"q": "K"}).status_code == 403
    assert client.post(NEW, {"name": "KCNA", "kind": "state_media"}).status_code == 403


def test_search_as_you_type_fills_the_datalist(client, reporter):
    make_source("KCNA", kind=Source.Kind.STATE_MEDIA)
    make_source("Korean Central Television")
    make_source("TASS")
    client.force_login(reporter)

    # The source field sends its own name as the parameter.
    response = client.get(SEARCH, {"source": "k"}, headers=HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert '<option value="KCNA">State media</option>' in html
    assert 'value="Korean Central Television"' in html
    assert "TASS" not in html
    assert "<html" not in html


def test_search_without_js_is_a_page(client, reporter):
    make_source("KCNA", description="North Korea’s state news agency")
    client.force_login(reporter)
    html = client.get(SEARCH, {"q": "kc"}).content.decode()
    assert "<html" in html
    assert "North Korea’s state news agency" in html


def test_search_escapes_names(client, reporter):
    make_source("<b>Bold</b>")
    client.force_login(reporter)
    html = client.get(SEARCH, {"via": "bold"}, headers=HTMX).content.decode()
    assert "<b>Bold" not in html
    assert "&lt;b&gt;Bold" in html


def test_adding_a_source_returns_to_where_the_reporter_was(client, reporter):
    client.force_login(reporter)
    response = client.post(
        NEW,
        {"name": "Yonhap", "kind": "wire_agency", "url": "", "description": "", "next": "/desk/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/desk/"
    source = Source.objects.get()
    assert source.kind == Source.Kind.WIRE_AGENCY
    (added,) = source.changes.all()
    assert (added.action, added.author, added.before) == ("added", reporter, None)
    assert added.after["name"] == "Yonhap"


def test_an_outside_next_is_ignored(client, reporter):
    client.force_login(reporter)
    response = client.post(
        NEW, {"name": "Yonhap", "kind": "wire_agency", "next": "https://evil.example/"}
    )
    assert response["Location"].startswith(reverse("desk:sources"))


def test_duplicate_name_offers_the_existing_source_and_keeps_the_input(client, reporter):
    make_source("KCNA")
    client.force_login(reporter)
    response = client.post(
        NEW, {"name": "kcna", "kind": "state_media", "description": "Pyongyang’s news agency"}
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "A source named “KCNA” already exists — use it." in html
    assert "Use KCNA" in html
    assert "Pyongyang’s news agency" in html
    assert Source.objects.count() == 1


def test_missing_name_is_refused(client, reporter):
    client.force_login(reporter)
    response = client.post(NEW, {"name": "", "kind": "state_media"})
    assert response.status_code == 422
    assert "Give the source a name." in response.content.decode()


# Letters the database's lower() and upper() fold differently: the Kelvin sign lowers to
# k but stays itself uppercased, and so does a dotted İ. SQLite's lower() folds ASCII only,
# so there these are names of different sources.
FOLDED_DIFFERENTLY = [("KCNA", "\u212aCNA"), ("İSTANBUL GOV", "istanbul gov")]


@postgresql_only
@pytest.mark.parametrize(("existing", "typed"), FOLDED_DIFFERENTLY)
def test_a_name_the_database_folds_into_an_existing_one_offers_it(
    client, reporter, existing, typed
):
    make_source(existing)
    client.force_login(reporter)
    response = client.post(NEW, {"name": typed, "kind": "government"})
    assert response.status_code == 422
    assert f"A source named “{existing}” already exists — use it." in response.text
    assert f"Use {existing}" in response.text
    assert Source.objects.count() == 1


def test_a_name_taken_and_gone_again_before_it_is_read_asks_to_send_again(client, reporter):
    # The database refused the name, and the source it belonged to was merged away before
    # it could be offered.
    client.force_login(reporter)
    taken = IntegrityError("duplicate key value violates unique constraint")
    with mock.patch("claims.registry.add", side_effect=taken):
        response = client.post(NEW, {"name": "Rodong Sinmun", "kind": "state_media"})
    assert response.status_code == 422
    assert "was added and then removed meanwhile: send the form again." in response.text
    assert 'value="Rodong Sinmun"' in response.text
