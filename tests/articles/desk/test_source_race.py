"""Two reporters adding the same new source at the same moment (found by bench/scan.py)."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from claims.models import Source
from tests.factories import make_reporter
from tests.helpers import postgresql_only

pytestmark = [postgresql_only, pytest.mark.django_db(transaction=True)]
THREADS = 6


def test_one_source_is_added_and_everyone_else_is_offered_it():
    reporters = [make_reporter() for _ in range(THREADS)]
    barrier, answers = threading.Barrier(THREADS), [None] * THREADS

    def add(index):
        try:
            client = Client()
            client.force_login(reporters[index])
            barrier.wait()
            answers[index] = client.post(
                reverse("desk:source_new"), {"name": "Rodong Sinmun", "kind": "state_media"}
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=add, args=[n]) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Source.objects.filter(name="Rodong Sinmun").count() == 1
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses.count(302) >= 1
    assert set(statuses) <= {302, 422}
    for answer in answers:
        if answer.status_code == 422:
            # At the name (the form's own check) or above the form (the database's
            # constraint, when the other reporter's source arrived between the two).
            assert "already exists" in answer.text
