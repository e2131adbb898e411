import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Every factory user gets a password; the production hasher's deliberate slowness
    # (about half a second each) would dominate these tests and prove nothing here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
