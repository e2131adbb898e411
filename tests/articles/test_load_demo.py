"""manage.py load_demo: the seed story, tagged as a fact-checker reading it would sign, with a
complete audit trail."""

import datetime
import io
import re
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.utils import timezone

from articles.demo import claims as demo_claims
from articles.demo.claims import FOLLOW_UP, PARADE_STORY
from articles.markdown import body_text
from articles.models import Article
from articles.publishing import publication_problems
from claims import independence, rules
from claims.models import Citation, Claim, ClaimRevision, Source, StatusChange
from claims.quotes import find_quote, fold
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

    def test_it_has_a_claim_for_each_item_of_the_seed_in_body_order(self, demo):
        claims = list(demo.claims.all())
        assert len(claims) == len(SEED_ITEMS)
        assert [claim.position for claim in claims] == list(range(len(claims)))


NIS = "South Korea’s National Intelligence Service"
SK_INTELLIGENCE = "South Korean intelligence"
VIA_LEE = "Lee Seong Kweun"


@dataclass(frozen=True)
class SeedItem:
    """One item of the seed, as a fact-checker reading it would tag it."""

    words: str  # in the claim's quote, as the seed puts it
    status: str
    origins: tuple = ()  # (origin, via or "") for each citation
    primary_record: str = ""  # the note the editor wrote, for a verified claim
    assessed_by: str = ""
    recheck: bool = False
    no_named_source: bool = False


SEED_ITEMS = (
    # Verified Facts
    SeedItem(
        "Kim left Pyongyang by his armored “special train”",
        VERIFIED,
        (("KCNA", ""),),
        primary_record="KCNA’s own report of the departure",
    ),
    SeedItem(
        "including Foreign Minister Choe Son Hui",
        VERIFIED,
        (("KCNA", ""),),
        primary_record="KCNA’s own report, which lists the delegation",
    ),
    SeedItem(
        "Kim’s train crossed into China early Tuesday",
        ESTIMATE,
        ((NIS, ""),),
        assessed_by=NIS,
        recheck=True,
    ),
    SeedItem(
        "special protocol on par with Putin",
        ESTIMATE,
        ((NIS, VIA_LEE),),
        assessed_by=NIS,
        recheck=True,
    ),
    SeedItem(
        "China plans a large-scale military display on Wednesday",
        VERIFIED,
        (("Government of China", ""),),
        primary_record="China’s own announcement of its parade",
    ),
    SeedItem(
        "Chinese organizers say 26 world leaders",
        VERIFIED,
        (("Chinese organizers", ""),),
        primary_record="The organizers’ own announcement of the guests",
    ),
    SeedItem(
        "“under consideration.”",
        VERIFIED,
        (("Yuri Ushakov", "TASS"),),
        primary_record="Ushakov’s own words, as TASS published them",
    ),
    SeedItem("Putin arrived in China on Sunday", UNCONFIRMED, no_named_source=True),
    SeedItem(
        "published photos",
        VERIFIED,
        (("KCNA", ""),),
        primary_record="KCNA’s own published photos",
    ),
    # Seoul's intelligence figures (Key Takeaways, Context & Impact)
    SeedItem(
        "15,000 North Korean troops",
        ESTIMATE,
        ((SK_INTELLIGENCE, ""),),
        assessed_by=SK_INTELLIGENCE,
    ),
    SeedItem("2,000 killed", ESTIMATE, ((SK_INTELLIGENCE, ""),), assessed_by=SK_INTELLIGENCE),
    SeedItem(
        "construction workers and deminers have deployed to Russia’s Kursk region",
        ESTIMATE,
        ((SK_INTELLIGENCE, ""),),
        assessed_by=SK_INTELLIGENCE,
    ),
    SeedItem(
        "North Korea and Russia deny violating U.N. sanctions",
        UNCONFIRMED,
        (("Government of North Korea", ""), ("Government of Russia", "")),
    ),
    # Unconfirmed
    SeedItem("private trilateral meeting", UNCONFIRMED, no_named_source=True),
    SeedItem("seating/rostrum placement", UNCONFIRMED, ((NIS, VIA_LEE),), recheck=True),
    SeedItem("new agreements or arms-related arrangements", UNCONFIRMED, no_named_source=True),
)


def claim_for(article, words):
    (claim,) = [c for c in article.claims.all() if words in c.quote]
    return claim


class TestTagging:
    @pytest.mark.parametrize("item", SEED_ITEMS, ids=lambda item: item.words[:40])
    def test_each_item_of_the_seed_is_a_claim_tagged_as_the_seed_supports(self, demo, item):
        claim = claim_for(demo, item.words)
        citations = claim.citations.select_related("source", "via")
        assert claim.status == item.status
        assert tuple((c.source.name, c.via.name if c.via else "") for c in citations) == (
            item.origins
        )
        assert claim.no_named_source == item.no_named_source
        assert claim.primary_record == item.primary_record
        if item.assessed_by:
            assert claim.assessment_by.name == item.assessed_by
            assert claim.assessment_confidence == Claim.Confidence.NOT_STATED
            assert claim.assessment_date == SEPT_1
        else:
            assert claim.assessment_by is None
        assert (claim.recheck_by is not None) == item.recheck

    def test_nothing_is_invented(self, demo):
        """What the demo once said and the seed does not."""
        for words in ("15,000 North Korean troops", "2,000 killed"):
            (citation,) = claim_for(demo, words).citations.all()
            assert citation.via is None  # “Seoul assesses”: no lawmakers relayed it
        assert not claim_for(demo, "Putin arrived in China on Sunday").citations.exists()
        assert not claim_for(demo, "private trilateral meeting").citations.exists()
        assert not Source.objects.filter(name="National Intelligence Service").exists()

    def test_the_storys_sections_decide_the_status(self, demo):
        """Verified Facts are verified on a primary record, or intelligence estimates when
        only an intelligence service vouches for them, or unconfirmed when nobody is named;
        Unconfirmed items are unconfirmed; elsewhere, what an intelligence service assesses
        is an estimate and the rest unconfirmed."""
        parts = {name: " ".join(text.split()) for name, text in sections(demo.body).items()}
        for claim in demo.claims.prefetch_related("citations__source"):
            kinds = {c.source.kind for c in claim.citations.all()}
            assessed = kinds == {Source.Kind.INTELLIGENCE_SERVICE}
            if claim.quote in parts["Unconfirmed"]:
                expected = UNCONFIRMED
            elif claim.quote in parts["Verified Facts"]:
                expected = (
                    ESTIMATE if assessed else UNCONFIRMED if claim.no_named_source else VERIFIED
                )
            else:
                expected = ESTIMATE if assessed else UNCONFIRMED
            assert claim.status == expected, claim

    def test_the_module_and_the_data_agree_on_the_nis_protocol_claim(self, demo):
        assert fold(
            "A “Verified Fact” only an intelligence service vouches for is an intelligence "
            "estimate: the NIS’s report of Kim’s train entering China, and its expectation "
            "that Kim will get protocol on par with Putin’s (the “NIS-protocol” claim)"
        ) in fold(demo_claims.__doc__)
        protocol = claim_for(demo, "special protocol on par with Putin")
        assert protocol.status == ESTIMATE

    def test_every_verified_claim_rests_on_its_primary_record_and_every_estimate_on_its_assessment(
        self, demo
    ):
        for claim in demo.claims.select_related("assessment_by").prefetch_related(
            "citations__source", "status_changes"
        ):
            assert rules.standing_problems(claim) == [], claim
            if claim.status == VERIFIED:
                assert claim.primary_record, claim

    def test_affiliations_are_the_seeds_own(self, demo):
        affiliated = dict(
            Source.objects.filter(affiliation__isnull=False).values_list(
                "name", "affiliation__name"
            )
        )
        assert affiliated == {
            "KCNA": "Government of North Korea",
            NIS: "Government of South Korea",
            SK_INTELLIGENCE: "Government of South Korea",
            "Lee Seong Kweun": "South Korean lawmakers",
            "Kremlin": "Government of Russia",
            "Yuri Ushakov": "Kremlin",
            "TASS": "Government of Russia",
            "Chinese organizers": "Government of China",
        }
        # Ushakov (→ the Kremlin → Moscow) and TASS (→ Moscow) are one voice, not two.
        ushakov, tass = Source.objects.get(name="Yuri Ushakov"), Source.objects.get(name="TASS")
        assert independence.independent_origins([ushakov, tass]) == 1

    def test_every_claim_cites_its_sources_with_the_attribution_chain(self, demo):
        attributions = {
            claim.quote: [str(c) for c in claim.citations.select_related("source", "via")]
            for claim in demo.claims.all()
        }
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
            "protocol": [f"{NIS}, the NIS — via Lee Seong Kweun"],
        }

    def test_sources_are_one_registry_each_added_through_it(self, demo):
        registry = {
            source.name: (source.kind, source.description) for source in Source.objects.all()
        }
        assert registry["KCNA"][0] == Source.Kind.STATE_MEDIA
        assert registry[NIS] == (Source.Kind.INTELLIGENCE_SERVICE, "the NIS")
        assert registry["Lee Seong Kweun"] == (Source.Kind.GOVERNMENT, "South Korean lawmaker")
        assert registry["Yuri Ushakov"] == (Source.Kind.OFFICIAL_SPOKESPERSON, "Kremlin aide")
        assert registry["TASS"][0] == Source.Kind.WIRE_AGENCY
        assert registry["Chinese organizers"][0] == Source.Kind.GOVERNMENT
        # KCNA is one source, cited again and again.
        assert Source.objects.get(name="KCNA").citations.count() >= 3
        for source in Source.objects.all():
            (added,) = source.changes.all()
            assert (added.action, added.author.username) == ("added", "reporter")

    def test_an_existing_source_is_reused_whatever_its_case(self):
        kcna = make_source("kcna", kind=Source.Kind.STATE_MEDIA)
        load_demo()
        assert Source.objects.filter(name__iexact="KCNA").count() == 1
        assert kcna.citations.count() >= 3

    def test_claims_past_their_re_check_moment_are_due(self, demo):
        due = Claim.objects.due_for_recheck(timezone.now())
        assert {claim.quote for claim in due} == {
            claim.quote for claim in demo.claims.exclude(recheck_by=None)
        }


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
