import pytest

from tests.factories import make_reporter

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


def sign_in(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_a_right_password_signs_in(client):
    make_reporter("kim")
    response = sign_in(client, "kim", PASSWORD)
    assert response.status_code == 302
    assert response.headers["Location"] == "/desk/"


def test_five_wrong_passwords_pause_sign_in_for_that_account(client):
    make_reporter("kim")
    for _ in range(4):
        assert sign_in(client, "kim", "wrong").status_code == 200
    locked = sign_in(client, "kim", "wrong")
    assert locked.status_code == 429
    assert "Too many sign-in attempts" in locked.text

    # Even the right password is refused while the pause lasts.
    assert sign_in(client, "kim", PASSWORD).status_code == 429


def test_a_locked_out_account_does_not_lock_out_a_colleague(client):
    make_reporter("kim")
    make_reporter("lee")
    for _ in range(5):
        sign_in(client, "kim", "wrong")
    assert sign_in(client, "lee", PASSWORD).status_code == 302
