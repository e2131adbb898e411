"""Every form that writes, fuzzed with Hypothesis' Django extra (`from_form`): whatever a form
accepts, the database stores as it was accepted (the form's limits are no looser than the
database's, on either), and whatever it refuses it refuses without an exception."""

from django.test import override_settings
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase, from_form

from articles import publishing, revisions
from articles.desk.forms import ArticleForm, WithdrawForm
from articles.models import Article
from claims import editing, registry, workflow
from claims.citation_forms import CitationForm
from claims.content import citation_entry
from claims.errors import WorkflowError
from claims.forms import DecisionForm, NewClaimForm, StatusRequestForm
from claims.models import Claim, Source, StatusChange
from claims.source_forms import SourceForm
from tests.fuzz.strategies import as_received, values
from tests.fuzz.world import make_world


def accepted(form):
    assume(form.is_valid())
    return form.cleaned_data


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class TestWhatFormsAcceptIsStored(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_world(cls)

    @given(from_form(ArticleForm))
    def test_a_story(self, form):
        data = accepted(form)
        article = revisions.create(self.reporter, data)
        article.refresh_from_db()
        assert (article.title, article.body) == (data["title"], data["body"])

    @given(from_form(NewClaimForm))
    def test_a_claim(self, form):
        data = accepted(form)
        kcna = Source.objects.get(name="KCNA")
        content = form.content([citation_entry(kcna)])
        claim = editing.log_claim(self.draft, self.reporter, content)
        claim.refresh_from_db()
        assert (claim.statement, claim.quote) == (data["statement"], data["quote"])
        assert claim.revisions.get().after == content

    @given(
        from_form(
            CitationForm,
            # Existing sources, picked by name (a new one's own form is SourceForm's test).
            source=st.sampled_from(["KCNA", "kcna", "Korean Central TV"]),
            source_kind=st.just(""),
            via=st.sampled_from(["", "Korean Central TV"]),
            via_kind=st.just(""),
        )
    )
    def test_a_citation(self, form):
        accepted(form)
        claim = Claim.objects.get(pk=self.other_claim.pk)
        working = editing.working_content(claim)
        content = {**working, "citations": [*working["citations"], form.entry(self.reporter)]}
        editing.edit(claim, self.reporter, content, seen=claim.revision)
        assert claim.citations.count() == len(content["citations"])

    # Affiliated with nobody: an affiliation names an existing source, as a citation does.
    @given(from_form(SourceForm, affiliation=st.just("")))
    def test_a_source(self, form):
        data = accepted(form)
        source = registry.add(self.reporter, **form.changes())
        source.refresh_from_db()
        stored = (source.name, source.description, source.aliases)
        assert stored == (data["name"], data["description"], data["aliases"])

    @given(st.data())
    def test_a_status_request(self, data):
        claim = Claim.objects.get(pk=self.other_claim.pk)
        form = data.draw(from_form(StatusRequestForm, form_kwargs={"claim": claim}))
        cleaned = accepted(form)
        try:
            change = workflow.request_status_change(
                claim, self.reporter, cleaned["to_status"], cleaned["rationale"]
            )
        except WorkflowError:
            return  # already that status: the workflow's refusal, not the database's
        assert StatusChange.objects.get(pk=change.pk).rationale == cleaned["rationale"].strip()

    @given(from_form(DecisionForm, revision=st.just(1)))
    def test_a_decision_note(self, form):
        data = accepted(form)
        change = workflow.reject(self.request, self.editor, data["note"])
        assert StatusChange.objects.get(pk=change.pk).decision_note == data["note"].strip()

    @given(from_form(WithdrawForm))
    def test_a_withdrawal_reason(self, form):
        data = accepted(form)
        publishing.withdraw(self.published, self.editor, data["reason"])
        stored = Article.objects.get(pk=self.published.pk).withdrawal_reason
        assert stored == data["reason"].strip()


FORMS = [ArticleForm, NewClaimForm, CitationForm, SourceForm, DecisionForm, WithdrawForm]
FIELD_NAMES = sorted({name for form in FORMS for name in form.base_fields})


class TestFormsRefuseWithoutAnException(TestCase):
    """Any data at all, as a request delivers it: a form says valid or not, and refuses
    with a message for each field it refuses."""

    @given(
        form_class=st.sampled_from(FORMS),
        data=st.dictionaries(st.sampled_from(FIELD_NAMES), values().map(as_received)),
    )
    def test_any_data(self, form_class, data):
        form = form_class(data)
        if not form.is_valid():
            assert form.errors
            assert all(form.errors.values())
