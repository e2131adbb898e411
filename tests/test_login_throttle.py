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


PROXY = "10.0.0.1"  # the TLS proxy's own address: every request behind it comes from there
# What settings.py sets when DJANGO_BEHIND_PROXY=1 (test_settings checks it does).
BEHIND_PROXY = {
    "AXES_IPWARE_PROXY_COUNT": 0,
    "AXES_IPWARE_META_PRECEDENCE_ORDER": ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"),
    "IPWARE_STRICT": False,
}


def sign_in_from(client, address, username, password, *, forwarded_for=None):
    """A sign-in that reached us through the proxy, which appended `address`."""
    chain = f"{forwarded_for}, {address}" if forwarded_for else address
    return client.post(
        "/accounts/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=chain,
    )


@pytest.fixture
def behind_proxy(settings):
    for name, value in BEHIND_PROXY.items():
        setattr(settings, name, value)


@pytest.mark.usefixtures("behind_proxy")
class TestBehindAProxy:
    def test_a_lock_out_holds_for_that_account_from_that_address_only(self, client):
        make_reporter("kim")
        for _ in range(5):
            sign_in_from(client, "203.0.113.7", "kim", "wrong")
        assert sign_in_from(client, "203.0.113.7", "kim", PASSWORD).status_code == 429
        # Kim at another desk (another address behind the same proxy) signs in.
        assert sign_in_from(client, "198.51.100.9", "kim", PASSWORD).status_code == 302

    def test_addresses_a_client_writes_before_the_proxys_do_not_count(self, client):
        make_reporter("kim")
        for n in range(5):
            sign_in_from(client, "203.0.113.7", "kim", "wrong", forwarded_for=f"6.6.6.{n}")
        locked = sign_in_from(client, "203.0.113.7", "kim", PASSWORD, forwarded_for="7.7.7.7")
        assert locked.status_code == 429

    def test_one_address_trying_many_accounts_is_throttled_too(self, client):
        make_reporter("lee")
        for n in range(20):  # four wrong passwords each for five accounts: no pair locked
            sign_in_from(client, "203.0.113.7", f"user{n // 4}", "wrong")
        assert sign_in_from(client, "203.0.113.7", "lee", PASSWORD).status_code == 429
        assert sign_in_from(client, "198.51.100.9", "lee", PASSWORD).status_code == 302

    def test_an_administrator_lifts_a_lock_out(self, client):
        from django.core.management import call_command

        make_reporter("kim")
        for _ in range(5):
            sign_in_from(client, "203.0.113.7", "kim", "wrong")
        call_command("axes_reset_username", "kim")
        assert sign_in_from(client, "203.0.113.7", "kim", PASSWORD).status_code == 302


def test_without_a_proxy_a_forwarded_for_header_is_ignored(client):
    """Anyone can write the header: only a proxy we put there may be believed."""
    make_reporter("kim")
    for n in range(5):
        client.post(
            "/accounts/login/",
            {"username": "kim", "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"6.6.6.{n}",
        )
    assert sign_in(client, "kim", PASSWORD).status_code == 429
