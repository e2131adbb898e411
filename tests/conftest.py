import os
from pathlib import Path

import pytest
from django.db import connections
from hypothesis import HealthCheck, settings

from tests.factories import make_editor, make_reporter
from tests.servers import Relay


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Factories give every user a password; the production hasher's deliberate slowness
    # (about half a second a user here) would dominate the suite and prove nothing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def reporter(db):
    return make_reporter("reporter")


@pytest.fixture
def editor(db):
    return make_editor("editor")


@pytest.fixture
def second_editor(db):
    return make_editor("editor2")


@pytest.fixture
def relay():
    """A relay to the test database that a test can cut and mend (tests/servers.py)."""
    relay = Relay.to_the_test_database()
    yield relay
    relay.close()
    relay.wait_until_gone()


# Browser tests: Playwright for Python driving the system's Chromium (Debian's package),
# never a browser Playwright downloads. Without Chromium they skip loudly, except in CI,
# where a missing browser is a failure.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def browser(django_db_setup):
    if not CHROMIUM.exists():
        message = f"Chromium is not installed at {CHROMIUM}: browser tests cannot run."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message + " Install it with: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by
    # the test itself (factories, assertions) happen outside it and are safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
        # Django hands this thread other connections while the loop runs; they must not
        # outlive it, or the test database could not be dropped next.
        connections.close_all()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def page_without_js(browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def axe_violations(page, impacts=("serious", "critical")):
    """Run axe-core (from node_modules, never a CDN) on the page; return grave violations."""
    # Evaluated through the DevTools protocol, so our own CSP does not block it.
    page.evaluate(AXE.read_text())
    results = page.evaluate("async () => await axe.run(document)")
    return [v for v in results["violations"] if v["impact"] in impacts]


def pytest_addoption(parser):
    parser.addoption(
        "--regenerate-golden",
        action="store_true",
        help="write the golden story page anew (tests/articles/golden.py) instead of checking it",
    )


# Property-based fuzzing (tests/fuzz/): few examples in `make test`, so the suite stays
# fast on both databases; HYPOTHESIS_PROFILE=deep for a longer hunt before a release.
settings.register_profile(
    "make-test",
    max_examples=int(os.environ.get("HYPOTHESIS_MAX_EXAMPLES", "12")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("deep", max_examples=300, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "make-test"))
