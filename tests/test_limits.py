"""Every text a person types has a limit in the model, the form and the database
(claims/limits.py says which and why)."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.db import DataError, IntegrityError, models, transaction
from django.urls import reverse

from articles.models import Article
from claims import limits
from claims.models import Claim, StatusChange
from tests.factories import (
    make_article,
    make_citation,
    make_claim,
    make_editor,
    make_request,
    make_source,
)

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

TEXT_FIELDS = [
    (model, field)
    for app in ("articles", "claims")
    for model in apps.get_app_config(app).get_models()
    for field in model._meta.get_fields()
    if isinstance(field, models.CharField | models.TextField)
]


def test_every_text_field_has_a_limit():
    assert [
        f"{model.__name__}.{field.name}" for model, field in TEXT_FIELDS if not field.max_length
    ] == []


def typed_fields():
    """Fields a person types into (choices, slugs and fields no form edits are the code's):
    each has a CHECK. A primary-record note has a test of its own (below)."""
    return [
        (model, field)
        for model, field in TEXT_FIELDS
        if not field.choices
        and not isinstance(field, models.SlugField)
        and field.editable
        and (model, field.name) != (StatusChange, "primary_record")
    ]


def an_instance_of(model):
    return {
        "Article": make_article,
        "ArticleRevision": lambda: make_article().revisions.create(
            after={}, author=make_article().created_by
        ),
        "Claim": make_claim,
        "ClaimRevision": lambda: (claim := make_claim()).revisions.create(
            after={}, author=claim.created_by
        ),
        "Citation": lambda: make_citation(make_claim(cited=False)),
        "Source": make_source,
        "StatusChange": lambda: make_request(make_claim()),
    }[model.__name__]()


@pytest.mark.parametrize(
    ("model", "field"), typed_fields(), ids=lambda x: getattr(x, "name", getattr(x, "__name__", x))
)
def test_the_database_holds_each_limit(model, field):
    instance = an_instance_of(model)
    rows = model._base_manager.filter(pk=instance.pk)
    limit = field.max_length
    # A URL's limit is on its whole text: any text will do for the database.
    rows.update(**{field.name: "é" * limit})
    assert len(getattr(rows.get(), field.name)) == limit
    # PostgreSQL refuses a CharField's text by its column's length, SQLite by the CHECK.
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        rows.update(**{field.name: "é" * (limit + 1)})


def test_the_database_holds_a_primary_record_notes_limit():
    # Written once, with the approval of a verified status (a CHECK, and on PostgreSQL a
    # decided change is never updated): held as it is written.
    claim, editor = make_claim(), make_editor()

    def approval(note):
        return StatusChange.objects.create(
            claim=claim,
            from_status=Claim.Status.UNCONFIRMED,
            to_status=Claim.Status.VERIFIED,
            requested_by=claim.created_by,
            rationale="Its own report.",
            requested_at=claim.created_at,
            state=StatusChange.State.APPROVED,
            decided_by=editor,
            decided_at=claim.created_at,
            primary_record=note,
        )

    assert len(approval("é" * limits.PRIMARY_RECORD).primary_record) == limits.PRIMARY_RECORD
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        approval("é" * (limits.PRIMARY_RECORD + 1))


def test_a_story_over_the_limit_is_refused_naming_it_and_kept(client, reporter):
    client.force_login(reporter)
    body = "word " * (limits.STORY_BODY // 5) + "over"
    response = client.post(reverse("desk:article_new"), {"title": "Long", "body": body})
    assert response.status_code == 422
    assert f"at most {limits.STORY_BODY} characters (it has {len(body)})" in response.text
    assert body in response.text
    assert not Article.objects.filter(title="Long").exists()


def test_a_story_at_the_limit_is_saved(client, reporter):
    client.force_login(reporter)
    body = ("word " * (limits.STORY_BODY // 5))[: limits.STORY_BODY]
    response = client.post(reverse("desk:article_new"), {"title": "Long", "body": body})
    assert response.status_code == 302
    assert Article.objects.get(title="Long").body == body.strip()


def test_the_body_says_its_limit_and_the_browser_does_not_cut_a_paste_short(client, reporter):
    client.force_login(reporter)
    page = client.get(reverse("desk:article_new")).text
    assert "Up to 100,000 characters." in page
    assert 'maxlength="100000"' not in page


def test_no_text_area_a_template_writes_carries_a_maxlength():
    # A form's text areas lose theirs in DeskFormMixin; these are written by hand.
    written = [
        f"{path.relative_to(TEMPLATES)}: {tag}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for tag in re.findall(r"<textarea\b[^>]*>", path.read_text())
        if "maxlength" in tag
    ]
    assert written == []


def test_the_preview_of_an_over_long_body_stops_at_the_limit_and_says_so(client, reporter):
    article = make_article(created_by=reporter)
    client.force_login(reporter)
    body = "x" * limits.STORY_BODY + "TAIL"
    response = client.post(reverse("desk:article_preview", args=[article.pk]), {"body": body})
    assert response.status_code == 200
    assert "the preview shows the first 100,000" in response.text
    assert "TAIL" not in response.text
