"""manage.py load_demo: the seed story, tagged as it tags itself, with a complete audit trail."""

import datetime
import io
import re

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.utils import timezone

from articles.demo.claims import FOLLOW_UP, PARADE_STORY
from articles.markdown import body_text
from articles.models import Article
from articles.publishing import publication_problems
from claims.models import Citation, Claim, ClaimRevision, Source, StatusChange
from claims.quotes import find_quote
from tests.factories import make_source

pytestmark = pytest.mark.django_db

SEPT_1 = datetime.date(2025, 9, 1)
VERIFIED = Claim.Status.VERIFIED
UNCONFIRMED = Claim.Status.UNCONFIRMED
ESTIMATE = Claim.Status.INTELLIGENCE_ESTIMATE


def load_demo(*args):
    out = io.StringIO()
    call_command("load_demo", "--force", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo():
    load_demo()
    return Article.objects.get(slug=PARADE_STORY.slug)


def status_by_quote(article):
    return {claim.quote: claim.status for claim in article.claims.all()}


def sections(body):
    """{heading: text} for each "## " section of a Markdown body."""
    parts = re.split(r"^## (.+)$", body, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def snapshot():
    return {
        "users": list(User.objects.order_by("pk").values_list("username", "password")),
        "articles": list(Article.objects.order_by("pk").values()),
        "claims": list(Claim.objects.order_by("pk").values()),
        "sources": list(Source.objects.order_by("pk").values()),
        "citations": list(Citation.objects.order_by("pk").values()),
        "changes": list(StatusChange.objects.order_by("pk").values()),
    }


class TestDevelopmentOnly:
    def test_it_refuses_to_run_with_debug_off(self, settings):
        settings.DEBUG = False
        with pytest.raises(CommandError, match="runs only for development"):
            call_command("load_demo")
        assert not Article.objects.exists()
        assert not User.objects.exists()

    def test_it_runs_with_debug_on(self, settings):
        settings.DEBUG = True
        call_command("load_demo", stdout=io.StringIO())
        assert Article.objects.filter(slug=PARADE_STORY.slug).exists()

    def test_it_prints_the_logins_and_the_password(self):
        out = load_demo()
        for username in ("reporter", "editor", "editor2", "admin"):
            assert re.search(rf"^  {username}\s.*password 'claimdesk-demo'$", out, re.MULTILINE)
        assert "/stories/kim-jong-un-heads-to-beijing-wwii-parade/" in out
        assert "/desk/reviews/" in out

    def test_it_is_quiet_when_asked(self):
        out = io.StringIO()
        call_command("load_demo", force=True, verbosity=0, stdout=out)
        assert out.getvalue() == ""
        assert Article.objects.count() == 2

    def test_the_password_can_be_chosen(self):
        load_demo("--password", "another-demo-password")
        for username in ("reporter", "editor", "editor2", "admin"):
            assert User.objects.get(username=username).check_password("another-demo-password")

    def test_the_clock_is_the_real_one_afterwards(self):
        load_demo()
        assert timezone.now().year > 2025


class TestAccounts:
    def test_each_account_has_its_role(self, demo):
        def groups(username):
            return set(User.objects.get(username=username).groups.values_list("name", flat=True))

        assert groups("reporter") == {"Reporters"}
        assert groups("editor") == groups("editor2") == {"Editors"}
        admin = User.objects.get(username="admin")
        assert admin.is_superuser and admin.is_staff
        reporter, editor = (
            User.objects.get(username="reporter"),
            User.objects.get(username="editor"),
        )
        assert not reporter.is_staff and not editor.is_staff
        assert all(
            User.objects.get(username=name).check_password("claimdesk-demo")
            for name in ("reporter", "editor", "editor2", "admin")
        )

    def test_existing_accounts_are_kept_and_joined_to_their_role(self, reporter):
        reporter.groups.clear()
        out = load_demo("--password", "not-this-one")
        reporter.refresh_from_db()
        assert reporter.check_password("correct horse battery staple")
        assert list(reporter.groups.values_list("name", flat=True)) == ["Reporters"]
        assert re.search(r"^  reporter\s.*existing account, password unchanged$", out, re.M)


class TestTheSeedStory:
    def test_it_is_published_on_1_september_2025_by_an_editor(self, demo):
        assert demo.status == Article.Status.PUBLISHED
        assert demo.published_at.date() == SEPT_1
        assert demo.published_by.username == "editor"
        assert demo.created_by.username == "reporter"
        assert demo.title == (
            "Kim Jong Un heads to Beijing to attend WWII anniversary parade with Putin and Xi"
        )
        assert demo.standfirst.startswith("North Korea’s leader is expected")

    def test_the_copy_is_cleaned_of_page_debris(self, demo):
        for debris in ("Leave a Comment", "Explainer", "## Sources", "  •"):
            assert debris not in demo.body
        assert list(sections(demo.body)) == [
            "Key Takeaways",
            "Verified Facts",
            "Context & Impact",
            "Official Statements",
            "Unconfirmed",
            "Bottom Line",
        ]

    def test_the_missing_date_is_repaired_from_the_storys_own_facts(self, demo):
        assert "on to join" not in demo.body
        assert "by his armored “special train” on Sept. 1 to join commemorations" in demo.body

    def test_it_passed_the_publication_gate_and_only_an_edit_made_since_waits(self, demo):
        (problem,) = publication_problems(demo)
        assert problem.message.endswith("has an edit waiting for review.")

    def test_it_has_about_a_dozen_claims_in_body_order(self, demo):
        claims = list(demo.claims.all())
        assert 10 <= len(claims) <= 12
        assert [claim.position for claim in claims] == list(range(len(claims)))


class TestTagging:
    def test_each_claim_carries_the_status_the_story_gives_it(self, demo):
        statuses = {
            words: next(s for quote, s in status_by_quote(demo).items() if words in quote)
            for words in (
                "Kim left Pyongyang by his armored",
                "including Foreign Minister Choe Son Hui",
                "26 world leaders",
                "“under consideration.”",
                "Putin arrived in China on Sunday",
                "published photos",
                "15,000 North Korean troops",
                "2,000 killed",
                "special protocol on par with Putin",
                "private trilateral meeting",
                "seating/rostrum placement",
                "new agreements or arms-related arrangements",
            )
        }
        assert statuses == {
            "Kim left Pyongyang by his armored": VERIFIED,
            "including Foreign Minister Choe Son Hui": VERIFIED,
            "26 world leaders": VERIFIED,
            "“under consideration.”": VERIFIED,
            "Putin arrived in China on Sunday": VERIFIED,
            "published photos": VERIFIED,
            "15,000 North Korean troops": ESTIMATE,
            "2,000 killed": ESTIMATE,
            "special protocol on par with Putin": ESTIMATE,
            "private trilateral meeting": UNCONFIRMED,
            "seating/rostrum placement": UNCONFIRMED,
            "new agreements or arms-related arrangements": UNCONFIRMED,
        }

    def test_the_storys_sections_decide_the_status(self, demo):
        """Verified Facts are verified unless only an intelligence service says so;
        Unconfirmed items are unconfirmed."""
        parts = {name: " ".join(text.split()) for name, text in sections(demo.body).items()}
        for claim in demo.claims.prefetch_related("citations__source"):
            origins = {c.source.kind for c in claim.citations.all()}
            if claim.quote in parts["Unconfirmed"]:
                assert claim.status == UNCONFIRMED, claim
            elif claim.quote in parts["Verified Facts"]:
                expected = ESTIMATE if origins == {Source.Kind.INTELLIGENCE_SERVICE} else VERIFIED
                assert claim.status == expected, claim
            else:
                assert claim.status == ESTIMATE, claim

    def test_every_intelligence_estimate_cites_the_nis_through_who_relayed_it(self, demo):
        estimates = demo.claims.filter(status=ESTIMATE)
        assert estimates.count() == 3
        for claim in estimates:
            (citation,) = claim.citations.select_related("source", "via")
            assert citation.source.name == "National Intelligence Service"
            assert citation.via.name in {"Lee Seong Kweun", "South Korean lawmakers"}
            assert citation.detail == "closed-door briefing to lawmakers"

    def test_every_claim_cites_its_sources_with_the_attribution_chain(self, demo):
        attributions = {
            claim.quote: [str(c) for c in claim.citations.select_related("source", "via")]
            for claim in demo.claims.all()
        }
        assert all(attributions.values())
        by_words = {
            words: next(a for quote, a in attributions.items() if words in quote)
            for words in ("Choe Son Hui", "under consideration", "26 world leaders", "protocol")
        }
        assert by_words == {
            "Choe Son Hui": ["KCNA, North Korea’s state news agency"],
            "under consideration": ["Yuri Ushakov, Kremlin aide — via TASS"],
            "26 world leaders": [
                "Chinese organizers, organizing the parade for China’s government"
            ],
            "protocol": [
                "National Intelligence Service, South Korea’s spy agency — via Lee Seong Kweun"
            ],
        }

    def test_sources_are_one_registry(self, demo):
        registry = {
            source.name: (source.kind, source.description) for source in Source.objects.all()
        }
        assert registry["KCNA"][0] == Source.Kind.STATE_MEDIA
        assert registry["National Intelligence Service"] == (
            Source.Kind.INTELLIGENCE_SERVICE,
            "South Korea’s spy agency",
        )
        assert registry["Lee Seong Kweun"] == (Source.Kind.GOVERNMENT, "South Korean lawmaker")
        assert registry["Yuri Ushakov"] == (Source.Kind.OFFICIAL_SPOKESPERSON, "Kremlin aide")
        assert registry["TASS"][0] == Source.Kind.WIRE_AGENCY
        assert registry["Chinese organizers"][0] == Source.Kind.GOVERNMENT
        # KCNA is one source, cited again and again.
        assert Source.objects.get(name="KCNA").citations.count() >= 3

    def test_an_existing_source_is_reused_whatever_its_case(self):
        kcna = make_source("kcna", kind=Source.Kind.STATE_MEDIA)
        load_demo()
        assert Source.objects.filter(name__iexact="KCNA").count() == 1
        assert kcna.citations.count() >= 3


class TestAuditTrail:
    def test_an_edit_of_a_verified_claim_waits_for_an_editor_readers_do_not_see_it(self, demo):
        (edit,) = ClaimRevision.objects.pending()
        assert edit.claim.article == demo
        assert edit.claim.status == Claim.Status.VERIFIED
        assert edit.author.username == "reporter"
        assert edit.after["public_note"] != edit.claim.public_note
        assert edit.before["public_note"] == edit.claim.public_note

    def test_every_story_and_claim_was_written_as_a_revision(self, demo):
        for article in Article.objects.all():
            assert article.revisions.filter(before__isnull=True).count() == 1
        for claim in Claim.objects.all():
            assert claim.revisions.filter(before__isnull=True).count() == 1

    def test_every_status_is_reached_by_an_approved_request_of_another_person(self, demo):
        for claim in demo.claims.prefetch_related("status_changes__requested_by"):
            approved = [c for c in claim.status_changes.all() if c.state == "approved"]
            if claim.status == UNCONFIRMED:
                assert approved == [], claim
                continue
            (change,) = approved
            assert (change.from_status, change.to_status) == (UNCONFIRMED, claim.status)
            assert change.requested_by.username == "reporter"
            assert change.decided_by.username == "editor"
            assert change.rationale
            assert change.requested_at < change.decided_at < demo.published_at

    def test_the_desk_turned_one_request_down_first(self, demo):
        (rejected,) = StatusChange.objects.filter(state=StatusChange.State.REJECTED)
        assert rejected.claim.status == ESTIMATE
        assert rejected.to_status == VERIFIED
        assert rejected.decided_by.username == "editor2"
        assert "does not verify it" in rejected.decision_note
        later = rejected.claim.status_changes.approved().get()
        assert later.requested_at > rejected.decided_at

    def test_the_history_happened_on_1_september_2025(self, demo):
        changes = StatusChange.objects.filter(claim__article=demo)
        assert {c.requested_at.date() for c in changes} == {SEPT_1}
        assert {c.decided_at.date() for c in changes} == {SEPT_1}
        assert demo.created_at.date() == SEPT_1
        assert {c.created_at.date() for c in demo.claims.all()} == {SEPT_1}


class TestTheFollowUp:
    def test_a_draft_whose_claims_wait_for_review(self, demo):
        draft = Article.objects.get(slug=FOLLOW_UP.slug)
        assert draft.status == Article.Status.DRAFT
        pending = StatusChange.objects.pending()
        assert pending.count() == draft.claims.count() == 3
        assert {change.claim.article for change in pending} == {draft}
        assert {change.requested_by.username for change in pending} == {"reporter"}
        assert all(claim.status == UNCONFIRMED for claim in draft.claims.all())
        assert all(claim.citations.exists() for claim in draft.claims.all())


@pytest.mark.parametrize("story", [PARADE_STORY, FOLLOW_UP], ids=lambda story: story.slug)
def test_every_quote_occurs_in_its_story_as_a_reader_reads_it(story):
    _title, _standfirst, body = story.read()
    text = body_text(body)
    for claim in story.claims:
        assert find_quote(text, claim.quote), claim.quote


def test_running_it_twice_changes_nothing(demo):
    before = snapshot()
    out = load_demo("--password", "a-different-password")
    assert snapshot() == before
    assert "already there, left as it was" in out


def test_a_failure_leaves_nothing_behind():
    Group.objects.filter(name="Editors").delete()
    with pytest.raises(Group.DoesNotExist):
        load_demo()
    assert not User.objects.exists()
    assert not Article.objects.exists()
