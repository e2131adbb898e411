"""Signing in and out of the desk, on Django's auth views dressed as the product."""

import pytest
from django.contrib.auth import SESSION_KEY

from tests.factories import make_user

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


def sign_in(client, username, password, **extra):
    return client.post("/accounts/login/", {"username": username, "password": password, **extra})


def test_the_sign_in_page_has_labelled_fields_and_says_who_it_is_for(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    page = response.text
    assert '<h1 class="sign-in__title">Sign in to the desk</h1>' in page
    assert '<label for="id_username">Username</label>' in page
    assert '<label for="id_password">Password</label>' in page
    assert 'autocomplete="current-password"' in page
    assert '<button type="submit" class="sign-in__submit">Sign in</button>' in page
    assert "/static/css/desk.css" in page


def test_the_desk_sends_an_anonymous_visitor_to_sign_in_and_back(client, reporter):
    response = client.get("/desk/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/accounts/login/?next=/desk/"

    page = client.get(response.headers["Location"]).text
    assert "Sign in to see that page." in page
    assert 'name="next" value="/desk/"' in page


def test_signing_in_opens_the_desk(client, reporter):
    response = sign_in(client, "reporter", PASSWORD)
    assert response.status_code == 302
    assert response.headers["Location"] == "/desk/"
    desk = client.get("/desk/")
    assert desk.status_code == 200
    assert "Signed in as <strong>reporter</strong>." in desk.text


def test_signing_in_returns_to_the_page_asked_for(client, editor):
    response = sign_in(client, "editor", PASSWORD, next="/desk/articles/new/")
    assert response.headers["Location"] == "/desk/articles/new/"


def test_a_wrong_password_says_so_and_keeps_the_username(client, reporter):
    response = sign_in(client, "reporter", "not the password")
    # Django's LoginView answers a failed sign-in with the form again, status 200.
    assert response.status_code == 200
    page = response.text
    assert 'role="alert"' in page
    assert "Please enter a correct username and password." in page
    assert 'name="username" value="reporter"' in page
    assert SESSION_KEY not in client.session


def test_sign_out_is_a_button_on_every_desk_page_and_ends_the_session(client, reporter):
    client.force_login(reporter)
    page = client.get("/desk/").text
    assert '<form method="post" action="/accounts/logout/">' in page
    assert '<button type="submit" class="link-button">Sign out</button>' in page

    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert client.get("/desk/").status_code == 302


def test_signing_out_needs_a_post(client, reporter):
    client.force_login(reporter)
    assert client.get("/accounts/logout/").status_code == 405
    assert client.get("/desk/").status_code == 200


def test_someone_signed_in_without_a_desk_role_is_refused_the_desk(client):
    client.force_login(make_user("reader"))
    assert client.get("/desk/").status_code == 403


def test_a_signed_in_person_changes_their_own_password(client, reporter):
    client.force_login(reporter)
    assert 'href="/accounts/password_change/">Change password</a>' in client.get("/desk/").text
    page = client.get("/accounts/password_change/")
    assert "<h1>Change your password</h1>" in page.text
    response = client.post(
        "/accounts/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "a fresh horse battery staple",
            "new_password2": "a fresh horse battery staple",
        },
    )
    assert response.headers["Location"] == "/accounts/password_change/done/"
    assert client.get("/desk/").status_code == 200  # still signed in here
    client.logout()
    assert sign_in(client, "reporter", "a fresh horse battery staple").status_code == 302


@pytest.mark.parametrize("path", ["/accounts/password_reset/", "/accounts/reset/done/"])
def test_there_are_no_password_reset_pages(client, path):
    """No mail is configured: people who forget their password ask an administrator."""
    assert client.get(path).status_code in (302, 404)
