"""The reader's pages, rendered once per version of the story and answered from the cache.

A page is cached under its story's version, read from the article's own row: its
`content_version` (renewed by every change to what the page shows, see the receivers
below), plus `revision` and `updated_at`, which the desk's compare-and-set edit bumps with
a plain UPDATE that sends no signal. Because the version lives in the database, every
process sees a change the moment it commits; a rendered version never changes, so its page
can sit in a cache in each process without ever going stale. Old versions are simply never
asked for again and age out.

Changes reach the version in the transaction that makes them: an Article saves its own
(`Article.save`), and the receivers here renew it for the claims, citations, sources and
approved status changes behind a story. Sources are shared, so renaming one renews every
story that cites it, as origin or as relay.

Reading the version costs a query. On PostgreSQL a web server's process skips it:
`listen_for_changes()` (called by newsroom/wsgi.py) has it LISTEN for the notification that
a trigger on the article table sends when any change to an article commits. While its
listener is connected, a process reuses the versions it has read until the next
notification, which arrives a moment (milliseconds) after the commit. Signed-in people, who
may have just made the change, always get the version read afresh; so does everyone when
no listener is connected (starting, reconnecting, SQLite, tests, management commands).
"""

import gzip
import hashlib
import logging
import os
import re
import threading
import time
from collections import namedtuple

import psycopg
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import http_date

from claims.models import Citation, Claim, Source, StatusChange

from .models import Article

pages = caches["stories"]
Page = namedtuple("Page", ["last_modified", "content", "gzipped"])
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")
logger = logging.getLogger(__name__)
CHANNEL = "newsroom_stories"


class ChangeListener:
    """Knows, without asking the database, that no story changed since it last looked.

    A background thread holds its own connection, LISTENing on CHANNEL; every notification
    (and every connect or disconnect) starts a new generation, and a version read in an
    older generation is not trusted any more.
    """

    # How long to wait for a notification before checking the connection is alive.
    PATIENCE = 1.0
    # What known() measures a silence with; a test moves it without touching the thread.
    clock = staticmethod(time.monotonic)

    def __init__(self):
        self._lock = threading.Lock()
        self._generation = 0
        self._listening = False
        self._alive_at = 0.0
        self._known = {}
        self._enabled = False
        self._pid = None
        self._thread = None
        self._stopping = threading.Event()
        self.connected = threading.Event()

    def enable(self):
        """Listen from the next request on (in each process: gunicorn forks after this)."""
        self._enabled = True

    def stop(self):
        """Hang up and wait for the thread to end (tests, so their database can go)."""
        self._stopping.set()
        if self._thread:
            self._thread.join()
        self._enabled, self._pid, self._thread = False, None, None
        self._stopping.clear()

    def _ensure_running(self):
        if not self._enabled or self._pid == os.getpid() or connection.vendor != "postgresql":
            return
        self._pid = os.getpid()
        self._thread = threading.Thread(target=self._listen, name="story-changes", daemon=True)
        self._thread.start()

    def _listen(self):
        params = connection.get_connection_params()
        while not self._stopping.is_set():
            try:
                with psycopg.connect(**params, autocommit=True) as listening:
                    listening.execute(f"LISTEN {CHANNEL}")
                    self._new_generation(listening=True)
                    self.connected.set()
                    while not self._stopping.is_set():
                        for _ in listening.notifies(timeout=self.PATIENCE):
                            self._new_generation(listening=True)
                        listening.execute("SELECT 1")  # still there?
                        self._alive_at = time.monotonic()
            except Exception:
                # Whatever went wrong, requests meanwhile read the version afresh (the
                # finally below); keep trying to get back to listening.
                logger.exception("Listening for story changes failed; retrying.")
            finally:
                self.connected.clear()
                self._new_generation(listening=False)
            self._stopping.wait(self.PATIENCE)

    def _new_generation(self, *, listening):
        with self._lock:
            self._generation += 1
            self._listening = listening
            self._alive_at = time.monotonic()
            self._known.clear()

    def generation(self):
        self._ensure_running()
        return self._generation

    def known(self, key):
        """What was read for `key` in this generation, if the listener vouches for it."""
        with self._lock:
            # A connection that hangs without failing (a network gone quiet) must not keep
            # vouching: past a few missed heartbeats, versions are read afresh again.
            trusted = self._listening and self.clock() - self._alive_at < 3 * self.PATIENCE
            return self._known.get(key) if trusted else None

    def remember(self, key, generation, value):
        with self._lock:
            if self._listening and generation == self._generation:
                self._known[key] = value


changes = ChangeListener()


def listen_for_changes():
    changes.enable()


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


def cached_response(request, slug, kind, render, content_type="text/html; charset=utf-8"):
    """The response for one reader page of the story at `slug`: 304, cached, or rendered.

    `render(article)` returns the page as bytes; it must not depend on who asks (the
    cached copy is served to everyone), only on the article and the site's address.
    """
    site = f"{request.scheme}://{request.get_host()}"
    # Someone signed in may just have changed the story: they always get it read afresh.
    known = (
        None
        if settings.SESSION_COOKIE_NAME in request.COOKIES
        else changes.known((kind, slug, site))
    )
    entry = pages.get(known[1]) if known else None
    if entry is None:
        generation = changes.generation()
        # The whole row: on a miss it is what the page is made of (a fixed number of
        # queries in all), and with a listener this is done once per change per process.
        article = get_object_or_404(Article.objects.published(), slug=slug)
        etag = etag_of(article)
        key = f"{kind}:{etag}:{site}"
        entry = pages.get(key)
        if entry is None:
            content = render(article)
            # Compressed once here rather than per response. Safe from BREACH-style
            # guessing: the page holds no secret and reflects nothing from the request.
            entry = Page(int(modified_at(article).timestamp()), content, gzip.compress(content, 3))
            pages.set(key, entry)
        changes.remember((kind, slug, site), generation, (etag, key))
    else:
        etag = known[0]
    compressed = bool(_ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")))
    if compressed:
        etag = f'{etag[:-1]}-gzip"'  # another representation, another validator
    response = get_conditional_response(request, etag=etag, last_modified=entry.last_modified)
    if response is None:
        response = HttpResponse(
            entry.gzipped if compressed else entry.content, content_type=content_type
        )
        if compressed:
            response.headers["Content-Encoding"] = "gzip"
    response.headers["ETag"] = etag
    response.headers["Last-Modified"] = http_date(entry.last_modified)
    patch_vary_headers(response, ["Accept-Encoding"])
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
