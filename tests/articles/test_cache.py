"""The cached story: served warm in one query, fresh after any change a reader would see,
answering conditional requests with 304, and the same for everyone who asks."""

import gzip
import threading
import time

import pytest
from django.db import connection, transaction
from django.test import Client

from articles import revisions
from articles.story_cache import listener
from articles.story_cache.fallback import last_served
from claims import editing, workflow
from claims.content import content_of
from claims.models import Claim, Source
from tests.articles.reader_helpers import (
    move_to,
    page,
    story_with_claims,
)
from tests.factories import (
    make_citation,
    make_claim,
    make_editor,
    make_reporter,
    make_request,
    make_source,
)
from tests.helpers import postgresql_only

pytestmark = pytest.mark.django_db

VERIFIED, UNCONFIRMED, ESTIMATE = Claim.Status


@pytest.fixture
def story():
    """A story someone has already read: its page is in the cache."""
    article, claims = story_with_claims([VERIFIED, UNCONFIRMED])
    assert Client().get(article.get_absolute_url()).status_code == 200
    return article, claims


def entry(client, claim):
    return page(client, claim.article).by_id(f"claim-{claim.pk}")


def body_badges(client, article):
    body = page(client, article).find("div", class_="story__body")
    return [b.attrs["data-claim-status"] for b in body.find_all("button")]


class TestServedFromTheCache:
    def test_a_warm_page_costs_one_query_and_is_the_same_page(
        self, client, story, django_assert_num_queries
    ):
        article, _ = story
        first = client.get(article.get_absolute_url())
        with django_assert_num_queries(1):
            again = client.get(article.get_absolute_url())
        assert again.content == first.content

    def test_the_page_is_the_same_for_every_reader_and_carries_no_token(self, story, editor):
        article, _ = story
        signed_in = Client(enforce_csrf_checks=True)
        signed_in.force_login(editor)
        signed_in.get("/desk/")  # a desk page: the browser now holds a CSRF cookie
        anonymous = Client().get(article.get_absolute_url())
        theirs = signed_in.get(article.get_absolute_url())
        assert theirs.content == anonymous.content
        for response in (anonymous, theirs):
            assert "csrfmiddlewaretoken" not in response.text
            assert "nonce" not in response.text
            assert "nonce-" not in response.headers["Content-Security-Policy"]
            assert response.cookies.get("csrftoken") is None


class TestEveryChangeShowsAtOnce:
    """Each kind of change a reader can see, made after the page was cached."""

    def test_the_article_saved(self, client, story):
        article, _ = story
        article.title = "A corrected headline"
        article.save()
        assert page(client, article).find("h1").text == "A corrected headline"

    def test_a_correction_proposed_on_the_desk_shows_only_once_approved(
        self, client, story, django_assert_num_queries
    ):
        article, _ = story
        client.get(article.get_absolute_url())
        desk = Client()
        desk.force_login(make_reporter())
        text = {field: getattr(article, field) for field in revisions.FIELDS}
        response = desk.post(
            f"/desk/articles/{article.pk}/",
            {**text, "title": "Corrected on the desk", "revision": article.revision},
        )
        assert response.status_code == 302
        # A proposal: the version readers are served under stays, so their page does too.
        with django_assert_num_queries(1):
            assert page(client, article).find("h1").text != "Corrected on the desk"
        proposal = article.revisions.pending().get()
        article.refresh_from_db()
        revisions.approve(
            proposal, make_editor(), seen=article.revision, public_note="Headline corrected."
        )
        assert page(client, article).find("h1").text == "Corrected on the desk"

    def test_a_claim_edited(self, client, story):
        _, (claim, _) = story
        claim.statement = "A sharper statement"
        claim.public_note = "Added a note."
        claim.save()
        assert "A sharper statement" in entry(client, claim).words
        assert "Added a note." in entry(client, claim).words

    def test_a_claim_logged(self, client, story):
        article, _ = story
        make_claim(article, statement="A new claim", quote="Fact number 1 is stated here")
        tree = page(client, article)
        assert "A new claim" in tree.by_id("what-we-know").parent.words
        assert body_badges(client, article) == ["verified", "unconfirmed", "unconfirmed"]

    def test_a_claim_deleted(self, client, story):
        article, (_, claim) = story
        claim.delete()
        assert body_badges(client, article) == ["verified"]

    def test_claims_reordered(self, client, story):
        article, (_, second) = story
        third = make_claim(article, statement="Third", quote="Fact number 1 is stated here")
        second.position, third.position = 2, 1
        second.save()
        third.save()
        group = page(client, article).find_all("ol", class_="claims")[1]
        ids = [li.attrs["id"] for li in group.find_all("li", class_="claim")]
        assert ids == [f"claim-{third.pk}", f"claim-{second.pk}"]

    def test_a_citation_added(self, client, story):
        _, (claim, _) = story
        make_citation(claim, make_source("Yonhap"))
        assert "Yonhap" in entry(client, claim).words

    def test_a_citation_edited(self, client, story):
        _, (claim, _) = story
        citation = claim.citations.get()
        citation.detail = "closed-door briefing to lawmakers"
        citation.save()
        assert "closed-door briefing to lawmakers" in entry(client, claim).words

    def test_a_citation_deleted(self, client, story):
        _, (claim, _) = story
        citation = make_citation(claim, make_source("Soon withdrawn"))
        assert "Soon withdrawn" in entry(client, claim).words
        citation.delete()
        assert "Soon withdrawn" not in entry(client, claim).words

    def test_a_source_renamed_refreshes_every_story_citing_it(self, client):
        kcna = make_source("KCNA", kind=Source.Kind.STATE_MEDIA)
        _, (as_origin,) = story_with_claims([UNCONFIRMED])
        _, (as_relay,) = story_with_claims([UNCONFIRMED])
        make_citation(as_origin, kcna)
        make_citation(as_relay, make_source("Rodong Sinmun"), via=kcna)
        assert "KCNA" in entry(client, as_origin).words
        assert "Rodong Sinmun — via KCNA" in entry(client, as_relay).words

        kcna.name = "Korean Central News Agency"
        kcna.description = "North Korean state media"
        kcna.save()
        assert "Korean Central News Agency, North Korean state media" in (
            entry(client, as_origin).words
        )
        assert "Rodong Sinmun — via Korean Central News Agency" in entry(client, as_relay).words

    def test_an_approved_status_change(self, client, story):
        article, (_, claim) = story
        move_to(claim, VERIFIED)
        assert body_badges(client, article) == ["verified", "verified"]
        updates = page(client, article).by_id("updates").parent
        assert "the claim “Claim 1” is now verified" in updates.words

    def test_a_request_not_yet_approved_changes_nothing_readers_see(self, client, story):
        article, (_, claim) = story
        before = client.get(article.get_absolute_url())
        change = make_request(claim, requested_by=make_reporter())
        workflow.reject(change, make_editor(), "Not yet.")
        after = client.get(article.get_absolute_url())
        assert after.headers["ETag"] == before.headers["ETag"]
        assert body_badges(client, article) == ["verified", "unconfirmed"]

    def test_claims_json_follows_too(self, client, story):
        article, (_, claim) = story
        url = f"{article.get_absolute_url()}claims.json"
        assert client.get(url).json()["claims"][1]["status"] == "unconfirmed"
        make_citation(claim, make_source(kind=Source.Kind.INTELLIGENCE_SERVICE))
        move_to(claim, ESTIMATE)
        assert client.get(url).json()["claims"][1]["status"] == "intelligence_estimate"


class TestConditionalRequests:
    def test_the_page_carries_validators_and_asks_browsers_to_revalidate(self, client, story):
        article, _ = story
        response = client.get(article.get_absolute_url())
        assert response.headers["ETag"].startswith('"')
        assert response.headers["Last-Modified"].endswith("GMT")
        assert "no-cache" in response.headers["Cache-Control"]

    def test_an_unchanged_page_answers_304_in_one_query(
        self, client, story, django_assert_num_queries
    ):
        article, _ = story
        etag = client.get(article.get_absolute_url()).headers["ETag"]
        with django_assert_num_queries(1):
            response = client.get(article.get_absolute_url(), headers={"If-None-Match": etag})
        assert response.status_code == 304
        assert response.content == b""
        assert response.headers["ETag"] == etag

    def test_if_modified_since_answers_304(self, client, story):
        article, _ = story
        last_modified = client.get(article.get_absolute_url()).headers["Last-Modified"]
        response = client.get(
            article.get_absolute_url(), headers={"If-Modified-Since": last_modified}
        )
        assert response.status_code == 304

    def test_a_changed_page_answers_200_with_a_new_etag(self, client, story):
        article, (_, claim) = story
        etag = client.get(article.get_absolute_url()).headers["ETag"]
        move_to(claim, VERIFIED)
        response = client.get(article.get_absolute_url(), headers={"If-None-Match": etag})
        assert response.status_code == 200
        assert response.headers["ETag"] != etag

    def test_claims_json_answers_304_too(self, client, story):
        article, _ = story
        url = f"{article.get_absolute_url()}claims.json"
        etag = client.get(url).headers["ETag"]
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 304


class TestCompression:
    def test_a_browser_that_accepts_gzip_gets_the_same_page_compressed(self, client, story):
        article, _ = story
        plain = client.get(article.get_absolute_url())
        compressed = client.get(article.get_absolute_url(), headers={"Accept-Encoding": "gzip"})
        assert compressed.headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(compressed.content) == plain.content
        assert len(compressed.content) < len(plain.content) / 3
        for response in (plain, compressed):
            assert "Accept-Encoding" in response.headers["Vary"]

    def test_each_representation_has_its_own_etag_and_revalidates(self, client, story):
        article, _ = story
        gzip_only = {"Accept-Encoding": "gzip"}
        plain = client.get(article.get_absolute_url()).headers["ETag"]
        compressed = client.get(article.get_absolute_url(), headers=gzip_only).headers["ETag"]
        assert plain != compressed
        again = client.get(
            article.get_absolute_url(), headers={**gzip_only, "If-None-Match": compressed}
        )
        assert again.status_code == 304


@postgresql_only
@pytest.mark.django_db(transaction=True)
class TestListeningForChanges:
    """A web server's process hears of changes from PostgreSQL instead of asking each time."""

    @pytest.fixture
    def listening(self, client):
        listener.listen_for_changes()
        listener.changes.generation()  # the first request starts the listener
        assert listener.changes.connected.wait(timeout=10), "the listener never connected"
        yield listener.changes
        listener.changes.stop()

    def heard(self, listener, since):
        """Wait (a little) for the listener to hear of the commit; say whether it did."""
        for _ in range(200):
            if listener.generation() != since:
                return True
            time.sleep(0.05)
        return False

    def test_a_warm_page_costs_no_query(self, client, listening, django_assert_num_queries):
        article, _ = story_with_claims([VERIFIED])
        client.get(article.get_absolute_url())
        with django_assert_num_queries(0):
            assert client.get(article.get_absolute_url()).status_code == 200

    @pytest.mark.parametrize("encoding", [{}, {"Accept-Encoding": "gzip"}])
    def test_a_page_answered_from_memory_is_what_the_whole_chain_answers(
        self, listening, settings, encoding, django_assert_num_queries
    ):
        settings.SECURE_HSTS_SECONDS = 3600  # as in production, over HTTPS
        article, _ = story_with_claims([VERIFIED])
        client = Client()
        first = client.get(article.get_absolute_url(), headers=encoding, secure=True)
        with django_assert_num_queries(0):
            again = client.get(article.get_absolute_url(), headers=encoding, secure=True)
        # The first went down every middleware to the view; the second skipped them (no
        # user was ever looked up for it)…
        assert hasattr(first.wsgi_request, "user")
        assert not hasattr(again.wsgi_request, "user")
        # …and is the same answer, security headers and all, with no nonce to allow.
        assert again.content == first.content
        # Each request has its own id (newsroom.middleware); every other header is the same.
        assert again.headers.pop("X-Request-ID") != first.headers.pop("X-Request-ID")
        assert dict(again.headers) == dict(first.headers)
        for header in [
            "Strict-Transport-Security",
            "X-Content-Type-Options",
            "Referrer-Policy",
            "Cross-Origin-Opener-Policy",
            "X-Frame-Options",
            "Content-Security-Policy",
        ]:
            assert again.headers[header], header
        assert "nonce" not in again.headers["Content-Security-Policy"]
        etag = again.headers["ETag"]
        with django_assert_num_queries(0):
            revalidated = client.get(
                article.get_absolute_url(),
                headers={**encoding, "If-None-Match": etag},
                secure=True,
            )
        assert revalidated.status_code == 304

    def test_a_page_answered_from_memory_is_kept_for_an_outage_from_then(
        self, client, listening, monkeypatch, settings
    ):
        settings.STALE_IF_ERROR = 600
        article, _ = story_with_claims([VERIFIED])
        client.get(article.get_absolute_url())
        start = last_served.clock()
        monkeypatch.setattr(last_served, "clock", lambda: start + 500)
        again = client.get(article.get_absolute_url())
        assert not hasattr(again.wsgi_request, "user")  # answered from memory
        # Served as current 500 s ago, not 1000: readers would get it if the database went.
        monkeypatch.setattr(last_served, "clock", lambda: start + 1000)
        kept = last_served.usable(("story", article.get_absolute_url(), "http://testserver"))
        assert kept.content == again.content

    def test_signed_in_people_and_other_pages_go_down_the_whole_chain(
        self, client, listening, editor
    ):
        article, _ = story_with_claims([VERIFIED])
        client.get(article.get_absolute_url())
        desk = Client()
        desk.force_login(editor)
        assert hasattr(desk.get(article.get_absolute_url()).wsgi_request, "user")
        assert hasattr(client.get("/").wsgi_request, "user")
        assert client.post(article.get_absolute_url()).status_code == 405

    def test_a_change_committed_elsewhere_shows_once_it_is_heard(self, client, listening):
        article, (claim,) = story_with_claims([UNCONFIRMED])
        assert body_badges(client, article) == ["unconfirmed"]
        since = listening.generation()

        def another_process():
            move_to(Claim.objects.get(pk=claim.pk), VERIFIED)
            connection.close()

        thread = threading.Thread(target=another_process)
        thread.start()
        thread.join()
        assert self.heard(listening, since)
        assert body_badges(client, article) == ["verified"]

    def test_a_proposal_leaves_readers_page_and_its_approval_reaches_them(self, client, listening):
        article, (claim,) = story_with_claims([VERIFIED])
        client.get(article.get_absolute_url())
        reporter, editor = make_reporter(), make_editor()

        def another_process(job):
            job()
            connection.close()

        def propose():
            fresh = Claim.objects.get(pk=claim.pk)
            content = {**content_of(fresh), "statement": "Claim 0, corrected"}
            editing.edit(fresh, reporter, content, seen=fresh.revision)

        thread = threading.Thread(target=another_process, args=[propose])
        thread.start()
        thread.join()
        assert "Claim 0, corrected" not in page(client, article).text
        since = listening.generation()

        def approve():
            fresh = Claim.objects.get(pk=claim.pk)
            editing.approve(
                fresh.revisions.pending().get(),
                editor,
                seen=fresh.revision,
                public_note="We corrected the claim.",
            )

        thread = threading.Thread(target=another_process, args=[approve])
        thread.start()
        thread.join()
        assert self.heard(listening, since)
        assert "Claim 0, corrected" in page(client, article).text

    def test_until_a_change_commits_readers_get_what_was_read_but_staff_get_it_now(
        self, client, listening, editor
    ):
        article, _ = story_with_claims([VERIFIED])
        client.get(article.get_absolute_url())
        desk = Client()
        desk.force_login(editor)
        with transaction.atomic():
            article.title = "Corrected"
            article.save()  # as an approved correction does
            assert page(client, article).find("h1").text != "Corrected"
            assert page(desk, article).find("h1").text == "Corrected"
            since = listening.generation()
        assert self.heard(listening, since)
        assert page(client, article).find("h1").text == "Corrected"

    def test_a_listener_that_has_gone_quiet_stops_vouching(
        self, client, listening, monkeypatch, django_assert_num_queries
    ):
        article, _ = story_with_claims([VERIFIED])
        client.get(article.get_absolute_url())
        # As if its connection had hung, without failing, for longer than a few heartbeats.
        monkeypatch.setattr(listening, "clock", lambda: time.monotonic() + 10 * listening.PATIENCE)
        with django_assert_num_queries(1):
            assert client.get(article.get_absolute_url()).status_code == 200
