"""The source registry's changes (claims.registry): edits and merges, each audited, and a
merge that keeps every citation, origin or relay, and every proposal's sources."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from claims import editing, registry
from claims.content import content_of
from claims.errors import StaleChange, WorkflowError
from claims.models import Claim, ClaimRevision, Source, SourceChange
from tests.factories import (
    give_assessment,
    make_approved_change,
    make_article,
    make_citation,
    make_claim,
    make_editor,
    make_source,
    make_user,
)
from tests.helpers import postgresql_only

pytestmark = pytest.mark.django_db


def version_of(article):
    return Article.objects.values_list("content_version", flat=True).get(pk=article.pk)


class TestEdit:
    def test_an_edit_is_audited_with_who_before_and_after(self, reporter):
        government = make_source("Government of Russia")
        tass = make_source("TASS", kind=Source.Kind.WIRE_AGENCY)
        change = registry.edit(
            tass,
            reporter,
            seen=tass.revision,
            name="TASS",
            description="Russian state news agency",
            affiliation=government,
        )
        assert (change.action, change.author) == (SourceChange.Action.EDITED, reporter)
        assert change.before == {
            "name": "TASS",
            "kind": "wire_agency",
            "url": "",
            "description": "",
            "aliases": "",
            "affiliation": None,
            "affiliation_name": None,
        }
        assert change.after["description"] == "Russian state news agency"
        assert (change.after["affiliation"], change.after["affiliation_name"]) == (
            government.pk,
            "Government of Russia",
        )
        tass.refresh_from_db()
        assert (tass.affiliation, tass.revision) == (government, 2)

    def test_an_edit_that_changes_nothing_is_not_recorded(self, reporter):
        tass = make_source("TASS")
        assert registry.edit(tass, reporter, seen=tass.revision, name="TASS ") is None
        assert not tass.changes.exists()

    def test_an_edit_made_on_an_older_view_is_refused_saying_who_changed_it(self, reporter):
        tass = make_source("TASS")
        registry.edit(tass, make_editor("lee"), seen=1, description="Russian news agency")
        with pytest.raises(StaleChange) as refused:
            registry.edit(tass, reporter, seen=1, description="Moscow’s agency")
        assert str(refused.value).startswith("lee changed TASS at ")
        assert str(refused.value).endswith("after you opened it. Reload to see it as it is now.")
        assert Source.objects.get(pk=tass.pk).description == "Russian news agency"

    def test_a_name_taken_by_another_source_is_refused(self, reporter):
        make_source("KCNA")
        other = make_source("Korean Central News Agency")
        with pytest.raises(WorkflowError, match="A source named “kcna” already exists"):
            registry.edit(other, reporter, seen=other.revision, name="kcna")

    def test_someone_without_the_permission_may_not_edit(self):
        tass = make_source("TASS")
        with pytest.raises(PermissionDenied):
            registry.edit(tass, make_user(), seen=tass.revision, name="Tass")

    def test_a_rename_renews_every_story_citing_it_and_follows_into_proposals(self, reporter):
        article = make_article(status=Article.Status.PUBLISHED)
        tass = make_source("TASS")
        claim = make_claim(article, cited=False)
        make_citation(claim, tass)
        editing.edit(claim, reporter, {**content_of(claim), "statement": "New."}, seen=1)
        before = version_of(article)

        registry.edit(tass, make_editor(), seen=tass.revision, name="TASS news agency")

        assert version_of(article) != before
        (proposal,) = ClaimRevision.objects.pending()
        assert proposal.after["citations"][0]["source_name"] == "TASS news agency"
        assert proposal.before["citations"][0]["source_name"] == "TASS"  # as it was then

    def test_an_affiliation_renews_the_stories_of_everything_under_it(self, reporter):
        kremlin, ushakov = make_source("Kremlin"), make_source("Yuri Ushakov")
        registry.edit(ushakov, reporter, seen=ushakov.revision, affiliation=kremlin)
        article = make_article()
        make_citation(make_claim(article, cited=False), ushakov)
        before = version_of(article)
        kremlin.refresh_from_db()
        registry.edit(kremlin, reporter, seen=kremlin.revision, affiliation=make_source("Moscow"))
        assert version_of(article) != before


class TestAdd:
    def test_a_new_source_is_audited(self, reporter):
        government = make_source("Government of North Korea")
        kcna = registry.add(
            reporter, name=" KCNA ", kind=Source.Kind.STATE_MEDIA, affiliation=government
        )
        assert (kcna.name, kcna.affiliation_root_id) == ("KCNA", government.pk)
        (added,) = kcna.changes.all()
        assert (added.action, added.before, added.author) == ("added", None, reporter)
        assert added.after["affiliation_name"] == "Government of North Korea"


@pytest.fixture
def duplicate_and_kcna():
    return make_source("Korean Central News Agency"), make_source("KCNA")


class TestMerge:
    def test_every_citation_moves_as_origin_and_as_relay(self, editor, duplicate_and_kcna):
        duplicate, kcna = duplicate_and_kcna
        as_origin = make_claim(cited=False, statement="Origin.")
        make_citation(as_origin, duplicate, detail="report")
        as_relay = make_claim(cited=False, statement="Relay.")
        make_citation(as_relay, make_source("Choe Son Hui"), via=duplicate)

        change = registry.merge(duplicate, kcna, editor)

        assert not Source.objects.filter(pk=duplicate.pk).exists()
        assert [(c.source, c.detail) for c in as_origin.citations.all()] == [(kcna, "report")]
        assert [c.via for c in as_relay.citations.all()] == [kcna]
        assert change.moved == {
            "relays_dropped": 0,
            "citations": 1,
            "relays": 1,
            "assessments": 0,
            "affiliates": 0,
            "proposals": 0,
        }

    def test_a_citation_that_would_relay_itself_loses_its_relay(self, editor, duplicate_and_kcna):
        duplicate, kcna = duplicate_and_kcna
        claim = make_claim(cited=False)
        make_citation(claim, duplicate, via=kcna)
        registry.merge(duplicate, kcna, editor)
        (citation,) = claim.citations.all()
        assert (citation.source, citation.via) == (kcna, None)

    def test_both_sources_keep_the_merge_in_their_history(self, editor, duplicate_and_kcna):
        duplicate, kcna = duplicate_and_kcna
        registry.merge(duplicate, kcna, editor)
        away = SourceChange.objects.get(source_id=duplicate.pk)
        assert (away.action, away.other_id, away.other_name) == ("merged_away", kcna.pk, "KCNA")
        assert away.before["name"] == "Korean Central News Agency"
        assert away.after is None
        (taken_in,) = kcna.changes.all()
        assert (taken_in.action, taken_in.other_name, taken_in.author) == (
            "merged_in",
            "Korean Central News Agency",
            editor,
        )
        assert registry.merged_into(duplicate.pk) == away

    def test_the_duplicates_own_audit_trail_outlives_it(self, reporter, editor):
        duplicate = registry.add(reporter, name="KCNA news", kind=Source.Kind.STATE_MEDIA)
        kcna = make_source("KCNA")
        registry.merge(duplicate, kcna, editor)
        actions = SourceChange.objects.filter(source_id=duplicate.pk).values_list(
            "action", flat=True
        )
        assert list(actions) == ["added", "merged_away"]

    def test_assessments_affiliates_and_pending_proposals_follow(self, reporter, editor):
        nis = make_source("NIS", kind=Source.Kind.INTELLIGENCE_SERVICE)
        duplicate = make_source("National Intelligence Service", kind=nis.kind)
        lawmaker = make_source("Lee Seong Kweun")
        registry.edit(lawmaker, reporter, seen=1, affiliation=duplicate)
        estimate = make_claim(cited=False)
        make_citation(estimate, duplicate)
        # Saved at once (an unconfirmed claim of a draft): a decided revision.
        noted = {**content_of(estimate), "public_note": "From the NIS."}
        decided = editing.edit(estimate, reporter, noted, seen=estimate.revision)
        make_approved_change(estimate, Claim.Status.INTELLIGENCE_ESTIMATE)
        pending = {**content_of(estimate), "statement": "Edited."}
        editing.edit(estimate, reporter, pending, seen=estimate.revision)

        registry.merge(duplicate, nis, editor)

        estimate.refresh_from_db()
        assert estimate.assessment_by == nis
        lawmaker.refresh_from_db()
        assert (lawmaker.affiliation, lawmaker.affiliation_root_id) == (nis, nis.pk)
        (proposal,) = ClaimRevision.objects.pending()
        assert (proposal.after["citations"][0]["source"], proposal.after["assessment"]["by"]) == (
            nis.pk,
            nis.pk,
        )
        assert proposal.after["citations"][0]["source_name"] == "NIS"
        # A decided revision keeps the source as it recorded it.
        decided.refresh_from_db()
        assert decided.after["citations"][0]["source_name"] == "National Intelligence Service"
        assert decided.after["citations"][0]["source"] == duplicate.pk
        # The proposal can still be approved: it names sources that exist.
        estimate.refresh_from_db()
        editing.approve(proposal, make_editor(), seen=estimate.revision)
        assert Claim.objects.get(pk=estimate.pk).statement == "Edited."

    def test_the_stories_citing_either_get_a_fresh_page(self, editor, duplicate_and_kcna):
        duplicate, kcna = duplicate_and_kcna
        article = make_article()
        make_citation(make_claim(article, cited=False), duplicate)
        before = version_of(article)
        registry.merge(duplicate, kcna, editor)
        assert version_of(article) != before

    def test_merging_into_itself_is_refused(self, editor):
        kcna = make_source("KCNA")
        with pytest.raises(WorkflowError, match="A source cannot be merged into itself"):
            registry.merge(kcna, kcna, editor)

    def test_merging_into_a_source_affiliated_with_the_duplicate_is_refused(self, editor):
        government, kremlin = make_source("Government of Russia"), make_source("Kremlin")
        registry.edit(kremlin, editor, seen=1, affiliation=government)
        with pytest.raises(WorkflowError) as refused:
            registry.merge(government, kremlin, editor)
        assert str(refused.value) == (
            "Kremlin is affiliated with Government of Russia (Kremlin → Government of Russia): "
            "merging would make it affiliated with itself. Change that affiliation first."
        )
        assert Source.objects.filter(pk=government.pk).exists()

    def test_a_source_merged_already_says_where_it_went(self, editor, second_editor):
        duplicate, kcna = make_source("KCNA news"), make_source("KCNA")
        registry.merge(duplicate, kcna, second_editor)
        with pytest.raises(WorkflowError) as refused:
            registry.merge(duplicate, kcna, editor)
        assert str(refused.value).startswith("KCNA news was merged into KCNA by editor2 at ")

    def test_only_editors_merge(self, reporter, duplicate_and_kcna):
        duplicate, kcna = duplicate_and_kcna
        with pytest.raises(PermissionDenied, match="permission to merge sources"):
            registry.merge(duplicate, kcna, reporter)
        assert Source.objects.filter(pk=duplicate.pk).exists()


class TestTheAuditTrailIsAppendOnly:
    def test_the_model_refuses_to_rewrite_or_delete_a_row(self, reporter):
        source = registry.add(reporter, name="KCNA", kind=Source.Kind.STATE_MEDIA)
        (added,) = source.changes.all()
        added.action = "edited"
        for attempt in (added.save, added.delete, source.changes.all().delete):
            with pytest.raises(ValidationError, match="part of its audit trail"):
                attempt()
        with pytest.raises(ValidationError):
            SourceChange.objects.update(action="edited")

    @postgresql_only
    def test_the_database_refuses_it_too(self, reporter):
        source = registry.add(reporter, name="KCNA", kind=Source.Kind.STATE_MEDIA)
        table = SourceChange._meta.db_table
        for statement in (f"UPDATE {table} SET action = 'edited'", f"DELETE FROM {table}"):
            with (
                pytest.raises(IntegrityError, match="part of the audit trail"),
                transaction.atomic(),
                connection.cursor() as cursor,
            ):
                cursor.execute(statement)
        assert source.changes.count() == 1


def test_an_estimate_keeps_its_assessment_when_its_service_is_merged(editor):
    duplicate = make_source("NIS (duplicate)", kind=Source.Kind.INTELLIGENCE_SERVICE)
    nis = make_source("NIS", kind=Source.Kind.INTELLIGENCE_SERVICE)
    claim = make_claim(cited=False)
    make_citation(claim, duplicate)
    give_assessment(claim)
    registry.merge(duplicate, nis, editor)
    claim.refresh_from_db()
    assert (claim.assessment_by, claim.assessment_confidence) == (nis, "not_stated")


class TestSourcesOnTheRecord:
    """A source cited in a story readers have read changes what they see: only an editor
    changes it, and no change leaves a claim readers see without what its status needs."""

    def published_claim(self, *sources, status=Claim.Status.VERIFIED):
        claim = make_claim(make_article(status=Article.Status.PUBLISHED), cited=False)
        for source in sources:
            make_citation(claim, source)
        make_approved_change(claim, status)
        claim.refresh_from_db()
        return claim

    def test_a_reporter_may_not_change_it_but_an_editor_may(self, reporter, editor):
        kcna = make_source("KCNA")
        self.published_claim(kcna)
        with pytest.raises(WorkflowError, match=r"cited in a published story.*ask an editor"):
            registry.edit(kcna, reporter, seen=kcna.revision, name="Reuters")
        assert Source.objects.get(pk=kcna.pk).name == "KCNA"
        registry.edit(kcna, editor, seen=kcna.revision, name="KCNA (Pyongyang)")
        assert Source.objects.get(pk=kcna.pk).name == "KCNA (Pyongyang)"

    def test_a_reporter_still_changes_a_source_only_drafts_cite(self, reporter):
        kcna = make_source("KCNA")
        make_citation(make_claim(cited=False), kcna)
        registry.edit(kcna, reporter, seen=kcna.revision, name="KCNA (Pyongyang)")
        assert Source.objects.get(pk=kcna.pk).name == "KCNA (Pyongyang)"

    def test_an_affiliation_that_makes_two_origins_one_is_refused(self, editor):
        pyongyang, moscow = make_source("Government of North Korea"), make_source("Kremlin")
        claim = self.published_claim(pyongyang, moscow)
        assert not claim.primary_record  # verified on two independent origins
        with pytest.raises(WorkflowError, match=r"without support.*2 origins, not independent"):
            registry.edit(moscow, editor, seen=moscow.revision, affiliation=pyongyang)
        moscow.refresh_from_db()
        assert (moscow.affiliation, moscow.revision) == (None, 1)
        assert not SourceChange.objects.filter(action=SourceChange.Action.EDITED).exists()

    def test_a_merge_that_makes_two_origins_one_is_refused(self, editor):
        pyongyang, moscow = make_source("Government of North Korea"), make_source("Kremlin")
        claim = self.published_claim(pyongyang, moscow)
        with pytest.raises(WorkflowError, match="without support"):
            registry.merge(moscow, pyongyang, editor)
        assert Source.objects.filter(pk=moscow.pk).exists()
        assert sorted(claim.citations.values_list("source__name", flat=True)) == [
            "Government of North Korea",
            "Kremlin",
        ]

    def test_the_assessing_service_keeps_its_kind(self, editor):
        nis = make_source("NIS", kind=Source.Kind.INTELLIGENCE_SERVICE)
        self.published_claim(nis, status=Claim.Status.INTELLIGENCE_ESTIMATE)
        with pytest.raises(WorkflowError, match="intelligence service"):
            registry.edit(nis, editor, seen=nis.revision, kind=Source.Kind.GOVERNMENT)
        with pytest.raises(WorkflowError, match="intelligence service"):
            registry.merge(nis, make_source("Government of South Korea"), editor)
        assert Source.objects.get(pk=nis.pk).kind == Source.Kind.INTELLIGENCE_SERVICE

    def test_a_claim_already_without_support_does_not_block_the_registry(self, editor):
        # A claim verified before rule 12 on one origin (manage.py verification_gaps lists
        # it): the registry is not held hostage to it.
        kcna = make_source("KCNA")
        article = make_article(status=Article.Status.PUBLISHED)
        make_citation(make_claim(article, cited=False, status=Claim.Status.VERIFIED), kcna)
        registry.edit(kcna, editor, seen=kcna.revision, description="North Korea's news agency")
        assert Source.objects.get(pk=kcna.pk).description == "North Korea's news agency"

    def test_a_rename_makes_a_decision_on_the_proposal_as_it_was_stale(self, reporter, editor):
        tass = make_source("TASS")
        claim = make_claim(make_article(), cited=False)
        make_citation(claim, make_source("KCNA"))
        make_approved_change(claim, Claim.Status.VERIFIED)
        claim.refresh_from_db()
        content = content_of(claim)
        content["citations"] = [*content["citations"], {**content["citations"][0]}]
        content["citations"][1].update(source=tass.pk, source_name="TASS")
        proposal = editing.edit(claim, reporter, content, seen=claim.revision)
        claim.refresh_from_db()
        seen = claim.revision

        registry.edit(tass, editor, seen=tass.revision, name="Sputnik")

        with pytest.raises(StaleChange):
            editing.approve(proposal, make_editor(), seen=seen)

    def test_the_check_reads_a_fixed_number_of_queries_however_many_claims(self):
        def queries_for_a_rename(claims):
            source, editor = make_source(f"Source of {claims}"), make_editor()
            for _ in range(claims):
                self.published_claim(source)
            source.refresh_from_db()
            with CaptureQueriesContext(connection) as captured:
                registry.edit(source, editor, seen=source.revision, description="Renamed.")
            return len(captured)

        assert queries_for_a_rename(2) == queries_for_a_rename(6)
