import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Desk tests make many users; the production hasher's deliberate slowness (about half a
    second a user here) would make the suite crawl without testing anything more."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
