"""Revisions are history: decided ones are append-only, in the model layer and (on
PostgreSQL) in the database, for claims and stories alike; and a claim stays in its story,
a citation with its claim (DESIGN.md rule 7)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from articles import revisions
from articles.models import Article, ArticleRevision
from claims import editing
from claims.content import content_of
from claims.models import REVISION_HISTORY_MESSAGE, Claim, ClaimRevision
from tests.factories import make_approved_change, make_article, make_claim
from tests.helpers import postgresql_only

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim_revision(reporter, editor):
    """An approved edit of a verified claim."""
    claim = make_claim()
    make_approved_change(claim, Claim.Status.VERIFIED)
    claim.refresh_from_db()
    revision = editing.edit(
        claim, reporter, {**content_of(claim), "statement": "Edited."}, seen=claim.revision
    )
    claim.refresh_from_db()
    return editing.approve(revision, editor, seen=claim.revision)


@pytest.fixture
def story_revision(reporter):
    """A saved edit of a draft's text."""
    article = make_article()
    text = {**revisions.text_of(article), "body": "New words."}
    return revisions.edit(article, reporter, text, seen=article.revision)


@pytest.fixture(params=["claim", "story"])
def decided(request):
    return request.getfixturevalue(f"{request.param}_revision")


def stored(revision):
    return type(revision).objects.values("state", "after", "public_note").get(pk=revision.pk)


class TestModelLayer:
    def test_a_decided_revision_cannot_be_saved_or_deleted(self, decided):
        before = stored(decided)
        decided.public_note = "Rewritten."
        with pytest.raises(ValidationError, match=REVISION_HISTORY_MESSAGE):
            decided.save()
        with pytest.raises(ValidationError, match=REVISION_HISTORY_MESSAGE):
            decided.delete()
        assert stored(decided) == before

    def test_queryset_update_and_delete_are_refused(self, decided):
        rows = type(decided).objects.filter(pk=decided.pk)
        with pytest.raises(ValidationError, match=REVISION_HISTORY_MESSAGE):
            rows.update(public_note="Rewritten.")
        with pytest.raises(ValidationError, match=REVISION_HISTORY_MESSAGE):
            rows.delete()


@postgresql_only
class TestDatabaseTrigger:
    @pytest.mark.parametrize("table_of", [ClaimRevision, ArticleRevision])
    def test_raw_sql_cannot_rewrite_or_delete_a_decided_revision(
        self, table_of, claim_revision, story_revision
    ):
        revision = claim_revision if table_of is ClaimRevision else story_revision
        table = table_of._meta.db_table
        before = stored(revision)
        for sql, verb in (
            (f"UPDATE {table} SET public_note = 'Rewritten.' WHERE id = %s", "updated"),
            (f"DELETE FROM {table} WHERE id = %s", "deleted"),
        ):
            with (
                pytest.raises(
                    IntegrityError, match=f"part of the audit trail and cannot be {verb}"
                ),
                transaction.atomic(),
                connection.cursor() as cursor,
            ):
                cursor.execute(sql, [revision.pk])
        assert stored(revision) == before

    def test_the_orm_without_its_checks_is_refused_too(self, decided):
        manager = type(decided)._base_manager
        with pytest.raises(IntegrityError), transaction.atomic():
            manager.filter(pk=decided.pk).update(public_note="Rewritten.")
        with pytest.raises(IntegrityError), transaction.atomic():
            manager.filter(pk=decided.pk).delete()


class TestParentsAreFixed:
    def test_a_claim_cannot_move_to_another_story(self):
        claim, other = make_claim(), make_article()
        claim.article = other
        with pytest.raises(ValidationError, match="stays with the story"):
            claim.save()
        assert Claim.objects.get(pk=claim.pk).article_id != other.pk

    def test_a_citation_cannot_move_to_another_claim(self):
        citation, other = make_claim().citations.get(), make_claim()
        citation.claim = other
        with pytest.raises(ValidationError, match="stays with the claim"):
            citation.save()

    @postgresql_only
    def test_not_even_raw_sql_moves_them(self):
        claim, other = make_claim(), make_article()
        for sql, params in (
            ("UPDATE claims_claim SET article_id = %s WHERE id = %s", [other.pk, claim.pk]),
            (
                "UPDATE claims_citation SET claim_id = %s WHERE id = %s",
                [make_claim().pk, claim.citations.get().pk],
            ),
        ):
            with (
                pytest.raises(IntegrityError, match="cannot be moved"),
                transaction.atomic(),
                connection.cursor() as cursor,
            ):
                cursor.execute(sql, params)


def test_writing_a_story_and_logging_a_claim_are_revisions_too(reporter):
    article = revisions.create(reporter, {"title": "New", "body": "Kim left by train."})
    assert article.revisions.get().before is None
    assert Article.objects.get(pk=article.pk).created_by == reporter
    claim = editing.log_claim(
        article,
        reporter,
        {
            "statement": "Kim left.",
            "quote": "left by train",
            "quote_prefix": "",
            "quote_suffix": "",
            "public_note": "",
            "citations": [],
        },
    )
    (logged,) = claim.revisions.all()
    assert (logged.state, logged.before, logged.author) == (
        ClaimRevision.State.SAVED,
        None,
        reporter,
    )
