"""Two reporters adding the same new source at the same moment (found by bench/scan.py)."""

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import Source
from tests.factories import make_reporter
from tests.helpers import postgresql_only, race

pytestmark = [postgresql_only, pytest.mark.django_db(transaction=True)]
THREADS = 6


def signed_in():
    client = Client()
    client.force_login(make_reporter())
    return client


def test_one_source_is_added_and_everyone_else_is_offered_it():
    clients = [signed_in() for _ in range(THREADS)]
    sent = {"name": "Rodong Sinmun", "kind": "state_media"}
    outcomes = race(
        *(lambda c=client: c.post(reverse("desk:source_new"), sent) for client in clients)
    )

    assert [kind for kind, _ in outcomes] == ["done"] * THREADS
    answers = [answer for _, answer in outcomes]
    assert Source.objects.filter(name="Rodong Sinmun").count() == 1
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses.count(302) >= 1
    assert set(statuses) <= {302, 422}
    for answer in answers:
        if answer.status_code == 422:
            # At the name (the form's own check) or above the form (the database's
            # constraint, when the other reporter's source arrived between the two).
            assert "already exists" in answer.text
