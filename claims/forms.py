"""Desk forms for claims and status requests. A citation's form, which picks sources by
name, is `citation_forms`; the registry's own forms are `source_forms`."""

import datetime

from django import forms
from django.db import transaction
from django.utils import timezone

from . import limits
from .citation_forms import CitationForm
from .content import assessment_entry, moment
from .form_fields import DeskFormMixin, RevisionField
from .models import Claim, Source, StatusChange

# A re-check moment is kept in UTC (claims.content.moment). On the calendar's first or last
# day, a moment typed in a time zone hours from UTC falls before year 1 or after 9999 in
# UTC, which no date holds: those two days are refused, whatever the desk's time zone.
FIRST_RECHECK_DAY = datetime.date(1, 1, 2)
LAST_RECHECK_DAY = datetime.date(9999, 12, 30)


class ClaimForm(DeskFormMixin, forms.Form):
    """The claim itself: what it says, which words of the story it is about, and for an
    intelligence estimate its assessment; when it should be checked again; or that the
    story names no source for it. `citations` are the claim's (claims.content entries):
    the assessment is by an intelligence service among their origins."""

    statement = forms.CharField(
        label="Statement",
        max_length=limits.STATEMENT,
        help_text="The claim in plain words.",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Write the claim in plain words: a statement is required."},
    )
    quote = forms.CharField(
        label="Quote from the story",
        max_length=limits.QUOTE,
        help_text="The exact words of the story. Select them in the preview to fill this in.",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Give the exact words of the story this claim is about."},
    )
    quote_prefix = forms.CharField(
        label="Words just before the quote (optional)",
        help_text="Only needed when the quoted words occur more than once.",
        max_length=limits.QUOTE_CONTEXT,
        required=False,
    )
    quote_suffix = forms.CharField(
        label="Words just after the quote (optional)",
        max_length=limits.QUOTE_CONTEXT,
        required=False,
    )
    public_note = forms.CharField(
        label="Note for readers (optional)",
        max_length=limits.PUBLIC_NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    assessment_by = forms.TypedChoiceField(
        label="Assessment by",
        coerce=int,
        required=False,
        empty_value=None,
        help_text="For an intelligence estimate: the intelligence service, among the claim’s "
        "origins, that made the assessment. Readers see it with the confidence and date.",
    )
    assessment_confidence = forms.ChoiceField(
        label="Confidence, as that service stated it",
        choices=Claim.Confidence.choices,
        initial=Claim.Confidence.NOT_STATED,
        required=False,
    )
    assessment_date = forms.DateField(
        label="Assessed on",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="When that service made or last stated the assessment.",
    )
    recheck_by = forms.DateTimeField(
        label="Re-check by (optional)",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="When the claim may go stale (“expected later that day”): after it the desk "
        "lists it as due, and readers read it as of that moment.",
    )
    no_named_source = forms.BooleanField(
        label="No named source",
        required=False,
        help_text="The story states this without naming who said it. Such a claim has no "
        "origin, so it stays unconfirmed.",
    )
    revision = RevisionField()

    def __init__(self, *args, citations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.citations = list(citations)
        if "assessment_by" in self.fields:
            origins = {entry["source"] for entry in self.citations}
            self.services = Source.objects.filter(
                pk__in=origins, kind=Source.Kind.INTELLIGENCE_SERVICE
            ).in_bulk()
            self.fields["assessment_by"].choices = [
                ("", "No assessment"),
                *((pk, source.name) for pk, source in sorted(self.services.items())),
            ]

    @staticmethod
    def initial_for(content, revision):
        """The form's initial values for `content` (claims.content) at `revision`."""
        initial = {**content, "revision": revision}
        assessment = content.get("assessment")
        if assessment:
            initial.update(
                assessment_by=assessment["by"],
                assessment_confidence=assessment["confidence"],
                assessment_date=datetime.date.fromisoformat(assessment["assessed_on"]),
            )
        if content.get("recheck_by"):
            initial["recheck_by"] = timezone.localtime(
                datetime.datetime.fromisoformat(content["recheck_by"])
            )
        return initial

    def clean_recheck_by(self):
        value = self.cleaned_data["recheck_by"]
        if value and not FIRST_RECHECK_DAY <= value.date() <= LAST_RECHECK_DAY:
            raise forms.ValidationError(
                "Choose a moment between 2 January 0001 and 30 December 9999."
            )
        return value

    def clean(self):
        cleaned = super().clean()
        if "assessment_by" in self.fields:
            self._clean_assessment(cleaned)
        if cleaned.get("no_named_source") and self.citations:
            self.add_error(
                "no_named_source",
                "This claim cites a source: remove its citations first, or leave this unticked.",
            )
        return cleaned

    def _clean_assessment(self, cleaned):
        if cleaned.get("assessment_by") is None:
            if cleaned.get("assessment_date"):
                self.add_error(
                    "assessment_by",
                    "Say which intelligence service made this assessment, or clear its date.",
                )
            return
        if not cleaned.get("assessment_date"):
            self.add_error("assessment_date", "Give the date of the assessment.")
        cleaned["assessment_confidence"] = (
            cleaned.get("assessment_confidence") or Claim.Confidence.NOT_STATED
        )

    def content(self, citations):
        """The claim's content (claims.content) this form says, with `citations`."""
        data = self.cleaned_data
        fields = ("statement", "quote", "quote_prefix", "quote_suffix", "public_note")
        by = data.get("assessment_by")
        return {
            **{field: data.get(field, "") for field in fields},
            "citations": citations,
            "assessment": by
            and assessment_entry(
                self.services[by], data["assessment_confidence"], data["assessment_date"]
            ),
            "recheck_by": moment(data.get("recheck_by")),
            "no_named_source": bool(data.get("no_named_source")),
        }


class NewClaimForm(ClaimForm):
    """A claim being logged: its note, assessment and re-check moment come later (an
    assessment names one of its origins), and it has no revision yet."""

    public_note = None
    assessment_by = None
    assessment_confidence = None
    assessment_date = None
    recheck_by = None
    revision = None


class LogClaimForm:
    """Log claim: a new claim and its first citation (a claim without one cannot be
    published, unless the story names no source for it), two forms in one <form>, the
    citation's fields prefixed `citation-`."""

    def __init__(self, data=None, initial=None, citation_initial=None):
        self.claim = NewClaimForm(data, initial=initial, auto_id="log-claim-%s")
        self.citation = CitationForm(
            data, initial=citation_initial, prefix="citation", auto_id="log-claim-%s"
        )
        self.uncited = False

    @property
    def is_bound(self):
        return self.claim.is_bound

    def is_valid(self):
        if not self.claim.is_valid():
            self.citation.is_valid()  # its errors show too
            return False
        if self.claim.cleaned_data["no_named_source"]:
            if (self.citation["source"].value() or "").strip():
                self.claim.add_error(
                    "no_named_source",
                    "You named a source: clear it, or leave “No named source” unticked.",
                )
                return False
            self.uncited = True
            return True
        return self.citation.is_valid()

    def content(self, user):
        with transaction.atomic():
            citations = [] if self.uncited else [self.citation.entry(user)]
            return self.claim.content(citations)


class RevisionForm(forms.Form):
    """Only the revision an action was taken from (removing a citation, withdrawing an
    edit): refused when the claim changed since."""

    revision = RevisionField()


class StatusChoiceField(forms.ChoiceField):
    """Offers the statuses a claim can move to, but takes any status: a claim that changed
    since the form was opened is the workflow's refusal to explain, not a bad field."""

    def valid_value(self, value):
        return value in Claim.Status.values


class StatusRequestForm(DeskFormMixin, forms.Form):
    to_status = StatusChoiceField(label="New status", choices=Claim.Status.choices)
    rationale = forms.CharField(
        label="Rationale",
        max_length=limits.RATIONALE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why the status should change: the sources, the checks you made.",
        error_messages={"required": "Say why the status should change: a rationale is required."},
    )

    def __init__(self, *args, claim, **kwargs):
        kwargs.setdefault("auto_id", f"claim-{claim.pk}-request-%s")
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [
            (value, label) for value, label in Claim.Status.choices if value != claim.status
        ]


class DecisionForm(DeskFormMixin, forms.Form):
    """An editor's decision on a request or an edit, bound to the revision they reviewed."""

    note = forms.CharField(
        label="Note (optional)",
        max_length=limits.DECISION_NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    public_note = forms.CharField(
        label="Correction note for readers",
        max_length=limits.PUBLIC_NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Published under the story's Updates with the date, when you approve.",
    )
    primary_record = forms.CharField(
        label="Primary-record note",
        required=False,
        max_length=limits.PRIMARY_RECORD,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="To verify a claim on one origin: the claim is about what that party itself "
        "said or published, and this is its own record (“KCNA’s own report”). Readers see it.",
    )
    revision = RevisionField()


class WithdrawRequestForm(forms.Form):
    change = forms.ModelChoiceField(queryset=StatusChange.objects.none())

    def __init__(self, *args, claim, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["change"].queryset = claim.status_changes.all()
