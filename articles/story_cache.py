"""The reader's pages, rendered once per version of the story and answered from the cache.

The key is read from the article's own row, which the page has to load anyway: its
`content_version` (renewed by every change to what the page shows, see the receivers below),
plus `revision` and `updated_at`, which the desk's compare-and-set edit bumps with a plain
UPDATE that sends no signal. Because the key lives in the database, every process sees a
change the moment it commits; a rendered version never changes, so the HTML can sit in any
cache, even one per process, without ever going stale. Old versions are simply never asked
for again and age out.

Changes reach the version in the transaction that makes them: an Article saves its own
(`Article.save`), and the receivers here renew it for the claims, citations, sources and
approved status changes behind a story. Sources are shared, so renaming one renews every
story that cites it, as origin or as relay.
"""

import hashlib

from django.core.cache import caches
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from claims.models import Citation, Claim, Source, StatusChange

from .models import Article

pages = caches["stories"]


def etag_of(article):
    fingerprint = f"{article.pk}:{article.content_version}:{article.revision}:{article.updated_at}"
    return '"' + hashlib.blake2b(fingerprint.encode(), digest_size=16).hexdigest() + '"'


def modified_at(article):
    """When the story last changed in any way a reader can see (dateModified)."""
    return max(
        article.published_at or article.content_changed_at,
        article.content_changed_at,
        article.updated_at,
    )


def cached_response(request, article, kind, render, content_type="text/html; charset=utf-8"):
    """The response for one reader page of `article`: 304, cached, or rendered now.

    `render()` returns the page as bytes; it must not depend on who asks (the cached copy
    is served to everyone), only on the article and the site's address.
    """
    etag = etag_of(article)
    last_modified = int(modified_at(article).timestamp())
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        key = f"{kind}:{etag}:{request.scheme}://{request.get_host()}"
        content = pages.get(key)
        if content is None:
            content = render()
            pages.set(key, content)
        response = HttpResponse(content, content_type=content_type)
    response.headers["ETag"] = etag
    response.headers["Last-Modified"] = http_date(last_modified)
    # Browsers keep the page but ask each time; the answer is a cheap 304 until it changes,
    # so a reader never sees a stale badge.
    patch_cache_control(response, no_cache=True)
    return response


def _claim_changed(sender, instance, **kwargs):
    Article.objects.filter(pk=instance.article_id).mark_content_changed()


def _citation_changed(sender, instance, **kwargs):
    Article.objects.filter(claims=instance.claim_id).mark_content_changed()


def _source_saved(sender, instance, created, **kwargs):
    if created:
        return  # Nothing cites it yet.
    Article.objects.filter(
        Q(claims__citations__source=instance.pk) | Q(claims__citations__via=instance.pk)
    ).mark_content_changed()


def _status_change_saved(sender, instance, **kwargs):
    # Only approved changes show (as the claim's history and the story's updates); the
    # claim's own save renews the version too, this keeps the rule true on its own.
    if instance.state == StatusChange.State.APPROVED:
        Article.objects.filter(claims=instance.claim_id).mark_content_changed()


def connect_receivers():
    post_save.connect(_claim_changed, sender=Claim, dispatch_uid="story_cache_claim_saved")
    post_delete.connect(_claim_changed, sender=Claim, dispatch_uid="story_cache_claim_deleted")
    post_save.connect(_citation_changed, sender=Citation, dispatch_uid="story_cache_citation_saved")
    post_delete.connect(
        _citation_changed, sender=Citation, dispatch_uid="story_cache_citation_deleted"
    )
    post_save.connect(_source_saved, sender=Source, dispatch_uid="story_cache_source_saved")
    post_save.connect(
        _status_change_saved, sender=StatusChange, dispatch_uid="story_cache_status_change"
    )
