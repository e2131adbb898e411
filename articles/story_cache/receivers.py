"""Renew a story's version when something its page shows changes, in the same transaction,
and the version of each claim whose details on the page it changes.

An Article renews its own version when it is saved (`Article.save`), a Claim its own
(`Claim.save`, unless only its status changed). The receivers here do it for what sits in
other tables: claims in the story, their citations, sources and approved status changes.
Sources are shared, so renaming one renews every claim, and story, that cites it as origin
or relay or names it as the body behind an assessment; so does a change in the registry
(claims.registry: an affiliation, which decides independence and shows in claims.json, or
a merge) for every source it touched. A claim proposed for a published story and its
citations are not shown until approved (which saves the claim, live): changing them renews
nothing.
"""

import uuid

from django.db.models import Q
from django.db.models.signals import post_delete, post_save

from claims.models import Citation, Claim, Source, StatusChange
from claims.registry import sources_changed

from ..models import Article


def _claim_changed(sender, instance, **kwargs):
    if instance.is_live:
        Article.objects.filter(pk=instance.article_id).mark_content_changed()


def _claims_changed(claims):
    """What a reader is shown of these claims' details changed: their stories' pages are
    made anew, and their details read anew."""
    Article.objects.filter(claims__in=claims).mark_content_changed()
    Claim.objects.filter(pk__in=claims).update(content_version=uuid.uuid4())


def _citation_changed(sender, instance, **kwargs):
    _claims_changed(Claim.objects.live().filter(pk=instance.claim_id).values("pk"))


def _source_saved(sender, instance, created, **kwargs):
    if created:
        return  # Nothing cites it yet.
    _claims_changed(_naming([instance.pk]))


def _registry_changed(sender, pks, **kwargs):
    _claims_changed(_naming(pks))


def _naming(pks):
    """The claims whose part of a page shows one of these sources: as an origin or a relay
    of a citation, or as the body behind an assessment."""
    return Claim.objects.filter(
        Q(citations__source__in=pks) | Q(citations__via__in=pks) | Q(assessment_by__in=pks)
    ).values("pk")


def _status_change_saved(sender, instance, **kwargs):
    # Only approved changes show (as the claim's history and the story's updates); the
    # claim's own save renews the story's version too, this keeps the rule true on its own.
    # The claim's details stay as they were: the page reads its status and history anew.
    if instance.state == StatusChange.State.APPROVED:
        Article.objects.filter(claims=instance.claim_id).mark_content_changed()


def connect():
    post_save.connect(_claim_changed, sender=Claim, dispatch_uid="story_cache_claim_saved")
    post_delete.connect(_claim_changed, sender=Claim, dispatch_uid="story_cache_claim_deleted")
    post_save.connect(_citation_changed, sender=Citation, dispatch_uid="story_cache_citation_saved")
    post_delete.connect(
        _citation_changed, sender=Citation, dispatch_uid="story_cache_citation_deleted"
    )
    post_save.connect(_source_saved, sender=Source, dispatch_uid="story_cache_source_saved")
    sources_changed.connect(
        _registry_changed, sender=Source, dispatch_uid="story_cache_registry_changed"
    )
    post_save.connect(
        _status_change_saved, sender=StatusChange, dispatch_uid="story_cache_status_change"
    )
