"""Renew a story's version when something its page shows changes, in the same transaction.

An Article renews its own version when it is saved (`Article.save`). The receivers here do
it for what sits in other tables: claims in the story, their citations, sources and approved
status changes. Sources are shared, so renaming one renews every story that cites it, as
origin or relay; a change in the registry (claims.registry: an affiliation, which decides
independence and shows in claims.json, or a merge) renews every story citing any source it
touched, or naming one as the body behind an assessment. A claim proposed for a published
story and its citations are not shown until approved (which saves the claim, live):
changing them renews nothing.
"""

from django.db.models import Q
from django.db.models.signals import post_delete, post_save

from claims.models import Citation, Claim, Source, StatusChange
from claims.registry import sources_changed

from ..models import Article


def _claim_changed(sender, instance, **kwargs):
    if instance.is_live:
        Article.objects.filter(pk=instance.article_id).mark_content_changed()


def _citation_changed(sender, instance, **kwargs):
    Article.objects.filter(
        claims=instance.claim_id, claims__presence=Claim.Presence.LIVE
    ).mark_content_changed()


def _source_saved(sender, instance, created, **kwargs):
    if created:
        return  # Nothing cites it yet.
    Article.objects.filter(
        Q(claims__citations__source=instance.pk) | Q(claims__citations__via=instance.pk)
    ).mark_content_changed()


def _registry_changed(sender, pks, **kwargs):
    Article.objects.filter(
        Q(claims__citations__source__in=pks)
        | Q(claims__citations__via__in=pks)
        | Q(claims__assessment_by__in=pks)
    ).mark_content_changed()


def _status_change_saved(sender, instance, **kwargs):
    # Only approved changes show (as the claim's history and the story's updates); the
    # claim's own save renews the version too, this keeps the rule true on its own.
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
