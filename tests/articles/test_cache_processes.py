"""Several web server processes, each keeping its own pages and parts of pages, never serve a
stale part after a change committed elsewhere: gunicorn as in production, on PostgreSQL, the
change made here, in another process."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

from articles.story_cache import forget_rendered
from claims import registry
from claims.models import Claim
from tests.articles.golden import BODY, GoldenStory
from tests.helpers import postgresql_only

ROOT = Path(__file__).resolve().parent.parent.parent
WORKERS = 3
READS = 6 * WORKERS  # enough that every process answers some


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database_url():
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return (
        f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        f"/{db['NAME']}"
    )


def _read(address, path):
    with urllib.request.urlopen(address + path, timeout=10) as response:
        return response.read()


@pytest.fixture
def gunicorn():
    """The site served by gunicorn's processes from this test's database."""
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DATABASE_URL": _database_url(),
        "DJANGO_HTTPS": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "newsroom.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={WORKERS}",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    address = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                _read(address, "/")
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not start")
        yield address
    finally:
        # Its processes hold connections to the test database, which must go after the test.
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_every_process_serves_each_change_and_no_stale_part_of_a_page(gunicorn):
    story = GoldenStory()
    path = story.article.get_absolute_url()

    def rendered_from_nothing():
        forget_rendered()
        return Client().get(path, HTTP_HOST=gunicorn.removeprefix("http://")).content

    page = rendered_from_nothing()
    assert {_read(gunicorn, path) for _ in range(READS)} == {page}

    def status_change():
        story.move("overlap", Claim.Status.VERIFIED, primary_record="His own words")

    def claim_edit():
        story.edit_claim("train", statement="Kim reached Beijing by special train.")
        story.approve_claim("train", "We corrected the claim.")

    def source_renamed():
        source = story.sources["Yuri"]
        source.name = "Yuri V. Ushakov"
        source.save()

    def sources_merged():
        registry.merge(story.sources["Source"], story.sources["Lee"], story.editor)

    def text_corrected():
        story.correct_text("We corrected the day.", body=BODY.replace("Tuesday", "Monday"))

    for change in [status_change, claim_edit, source_renamed, sources_merged, text_corrected]:
        change()
        before, page = page, rendered_from_nothing()
        assert page != before, change.__name__
        # Each process hears of the commit a moment after it (longer on a busy machine):
        # until then it may still answer the page from before, never anything else; then
        # every process answers the new one.
        in_a_row, deadline = 0, time.monotonic() + 30
        while in_a_row < READS:
            assert time.monotonic() < deadline, f"still the page from before {change.__name__}"
            read = _read(gunicorn, path)
            assert read in (before, page), f"a page neither before nor after {change.__name__}"
            in_a_row = in_a_row + 1 if read == page else 0
            if not in_a_row:
                time.sleep(0.02)
