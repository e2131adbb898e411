"""The desk's two roles, made by a data migration (DESIGN.md rule 6)."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied

from articles import publishing
from claims import workflow
from claims.models import Claim, StatusChange
from tests.factories import make_article, make_claim, make_request, make_user

pytestmark = pytest.mark.django_db

REPORTERS = {
    "articles.add_article",
    "articles.change_article",
    "articles.view_article",
    "claims.add_claim",
    "claims.change_claim",
    "claims.view_claim",
    "claims.add_source",
    "claims.change_source",
    "claims.view_source",
    "claims.add_citation",
    "claims.change_citation",
    "claims.delete_citation",
    "claims.view_citation",
    "claims.view_statuschange",
    "claims.request_status_change",
}
EDITORS = REPORTERS | {
    "claims.decide_status_change",
    "claims.merge_source",
    "articles.publish_article",
}


def permissions_of(group_name):
    group = Group.objects.get(name=group_name)
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


def test_the_migration_creates_both_groups_with_their_permissions():
    assert permissions_of("Reporters") == REPORTERS
    assert permissions_of("Editors") == EDITORS


def test_no_role_may_rewrite_or_delete_history():
    for group in ("Reporters", "Editors"):
        granted = permissions_of(group)
        assert not granted & {
            "claims.add_statuschange",
            "claims.change_statuschange",
            "claims.delete_statuschange",
            "claims.delete_claim",
            "articles.delete_article",
            "claims.delete_source",
        }


def test_a_reporter_asks_but_never_decides_or_publishes(reporter):
    assert reporter.has_perm("claims.request_status_change")
    assert not reporter.has_perm("claims.decide_status_change")
    assert not reporter.has_perm("articles.publish_article")


def test_an_editor_asks_decides_and_publishes(editor):
    assert editor.has_perm("claims.request_status_change")
    assert editor.has_perm("claims.decide_status_change")
    assert editor.has_perm("articles.publish_article")


def test_someone_in_no_group_can_do_nothing_on_the_desk():
    user = make_user()
    assert not user.get_all_permissions()


class TestAReporterCannotDecideOrPublishThroughTheWorkflow:
    """Views and admin call these functions; each refuses a reporter itself."""

    def test_approve(self, reporter):
        change = make_request(make_claim())
        with pytest.raises(PermissionDenied):
            workflow.approve(change, reporter)
        assert StatusChange.objects.get(pk=change.pk).state == StatusChange.State.PENDING
        assert Claim.objects.get(pk=change.claim_id).status == Claim.Status.UNCONFIRMED

    def test_reject(self, reporter):
        change = make_request(make_claim())
        with pytest.raises(PermissionDenied):
            workflow.reject(change, reporter)
        assert StatusChange.objects.get(pk=change.pk).state == StatusChange.State.PENDING

    def test_approve_their_own_request(self, reporter):
        change = workflow.request_status_change(
            make_claim(), reporter, Claim.Status.VERIFIED, "Two sources."
        )
        with pytest.raises(PermissionDenied):
            workflow.approve(change, reporter)
        assert StatusChange.objects.get(pk=change.pk).state == StatusChange.State.PENDING

    def test_publish(self, reporter):
        article = make_article()
        with pytest.raises(PermissionDenied):
            publishing.publish(article, reporter)
        article.refresh_from_db()
        assert not article.is_published

    def test_withdraw_a_published_story(self, reporter, editor):
        article = publishing.publish(make_article(), editor)
        with pytest.raises(PermissionDenied):
            publishing.withdraw(article, reporter, "A source retracted.")
        article.refresh_from_db()
        assert article.is_published
