"""Desk forms for claims, citations, sources and status requests.

A source is picked by its name, the same way with or without JavaScript: the name field
suggests existing sources as the reporter types (htmx fills its <datalist>), and on submit
the name is matched case-insensitively. A "kind" chosen beside the name says "this is a new
source"; a name that already exists is then refused with an offer to use the existing one,
so the registry never gets a second KCNA.

An offer is a submit button that sends one more value for a field the form already has
(an empty kind: "not a new source"; or the offered source's name). The button comes after
the field in the page, browsers and htmx send the pressed button last, and Django reads a
field's last value: the pick wins over what was typed, with no code here to handle it.
"""

from django import forms
from django.db import IntegrityError, transaction
from django.urls import reverse_lazy

from . import limits
from .content import citation_entry
from .models import Claim, Source, StatusChange

NEW_SOURCE_KINDS = [("", "Existing source"), *Source.Kind.choices]


def duplicate_source_message(source):
    return f"A source named “{source.name}” already exists — use it."


class DeskFormMixin:
    """Labels without a trailing colon, as every desk form shows them.

    A text area gets no `maxlength` attribute: a browser would cut a pasted story short
    without a word, where the server refuses it with the limit named and the text kept.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs.pop("maxlength", None)


class SourceChoice:
    """One source named in a form: an existing one, or a new one to create on save."""

    def __init__(self, source=None, name="", kind=""):
        self.source, self.name, self.kind = source, name, kind

    @property
    def label(self):
        return self.source.name if self.source else self.name

    def get_or_create(self):
        if self.source is not None:
            return self.source
        try:
            with transaction.atomic():
                self.source = Source.objects.create(name=self.name, kind=self.kind)
        except IntegrityError:
            # Someone added the same name a moment ago: theirs is the one to cite.
            self.source = Source.objects.named(self.name)
        return self.source


class Offer:
    """A button under a source field: “Use KCNA”, sending `value` as the field `field`."""

    def __init__(self, source, field, value):
        self.source, self.field, self.value = source, field, value


class CitationForm(DeskFormMixin, forms.Form):
    """One citation: its origin and optional relay, each an existing source picked by name
    or a new one given a kind, and the detail and address of where it was said."""

    source = forms.CharField(
        label="Source",
        max_length=limits.SOURCE_NAME,
        help_text="Who first said it. Start typing to pick an existing source.",
        error_messages={"required": "Name the source of this claim."},
    )
    source_kind = forms.ChoiceField(
        label="Kind, if it is a new source", choices=NEW_SOURCE_KINDS, required=False
    )
    via = forms.CharField(
        label="Via (optional)",
        max_length=limits.SOURCE_NAME,
        required=False,
        help_text="Who relayed it, when the source did not tell us directly.",
    )
    via_kind = forms.ChoiceField(
        label="Kind, if “via” is a new source", choices=NEW_SOURCE_KINDS, required=False
    )
    detail = forms.CharField(
        label="Detail (optional)",
        max_length=limits.CITATION_DETAIL,
        required=False,
        help_text="“closed-door briefing to lawmakers”",
    )
    url = forms.URLField(
        label="URL (optional)", max_length=limits.URL, required=False, assume_scheme="https"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("source", "via"):
            options = f"{self[name].auto_id}-options"
            # Search as you type: htmx asks the server for matching names and fills the
            # field's datalist; without JS the typed name is matched on submit.
            self.fields[name].widget.attrs.update(
                {
                    "autocomplete": "off",
                    "list": options,
                    "hx-get": reverse_lazy("desk:source_search"),
                    "hx-trigger": "input changed delay:200ms",
                    "hx-target": f"#{options}",
                    "hx-swap": "innerHTML",
                    "hx-sync": "this:replace",
                }
            )
        # The sources offered with an error ("use it", "did you mean …"), by field name.
        self.offers = {}

    def clean(self):
        cleaned = super().clean()
        self.origin = self._choose("source", "source_kind")
        self.relay = self._choose("via", "via_kind")
        if self.origin and self.relay and self.origin.label.lower() == self.relay.label.lower():
            self.add_error("via", "A source cannot relay itself: leave “via” empty.")
        return cleaned

    def _choose(self, field, kind_field):
        name = self.cleaned_data.get(field, "")
        kind = self.cleaned_data.get(kind_field, "")
        if not name:
            return None
        existing = Source.objects.named(name)
        if kind and existing:
            self.offers[field] = [Offer(existing, self[kind_field].html_name, "")]
            self.add_error(field, duplicate_source_message(existing))
            return None
        if kind:
            return SourceChoice(name=name, kind=kind)
        if existing:
            return SourceChoice(existing)
        self.offers[field] = [
            Offer(source, self[field].html_name, source.name)
            for source in Source.objects.similar_to(name)
        ]
        self.add_error(
            field,
            f"There is no source named “{name}”. Pick an existing one, or choose its kind "
            "to add it as a new source.",
        )
        return None

    def entry(self):
        """The citation as a claim's content holds it (claims.content), creating the sources
        that are new."""
        data = self.cleaned_data
        return citation_entry(
            self.origin.get_or_create(),
            self.relay.get_or_create() if self.relay else None,
            detail=data["detail"],
            url=data["url"],
        )


class RevisionField(forms.IntegerField):
    """The revision count of what the form was opened on (claims.freshness)."""

    widget = forms.HiddenInput
    default_error_messages = {
        key: "This form lost track of which version you opened; reload the page."
        for key in ("required", "invalid", "min_value", "max_value")
    }

    def __init__(self, **kwargs):
        super().__init__(min_value=1, **kwargs)

    def to_python(self, value):
        # The page wrote ASCII digits; int() would also read "١" or "１" as 1, so a value
        # mangled on its way back could still pass for the count it resembles.
        if isinstance(value, str) and value.strip() and not value.strip().isascii():
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class ClaimForm(DeskFormMixin, forms.Form):
    """The claim itself: what it says and which words of the story it is about."""

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
    revision = RevisionField()

    def content(self, citations):
        """The claim's content (claims.content) this form says, with `citations`."""
        data = self.cleaned_data
        fields = ("statement", "quote", "quote_prefix", "quote_suffix", "public_note")
        return {**{field: data.get(field, "") for field in fields}, "citations": citations}


class NewClaimForm(ClaimForm):
    """A claim being logged: its note comes later, and it has no revision yet."""

    public_note = None
    revision = None


class LogClaimForm:
    """Log claim: a new claim and its first citation (a claim without one cannot be
    published), two forms in one <form>, the citation's fields prefixed `citation-`."""

    def __init__(self, data=None, initial=None):
        self.claim = NewClaimForm(data, initial=initial, auto_id="log-claim-%s")
        self.citation = CitationForm(data, prefix="citation", auto_id="log-claim-%s")

    @property
    def is_bound(self):
        return self.claim.is_bound

    def is_valid(self):
        return all([self.claim.is_valid(), self.citation.is_valid()])

    def content(self):
        with transaction.atomic():
            return self.claim.content([self.citation.entry()])


class RevisionForm(forms.Form):
    """Only the revision an action was taken from (removing a citation, withdrawing an
    edit): refused when the claim changed since."""

    revision = RevisionField()


class SourceForm(DeskFormMixin, forms.ModelForm):
    class Meta:
        model = Source
        fields = ["name", "kind", "url", "description"]
        labels = {"url": "URL (optional)", "description": "Description (optional)"}
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "new-source-%s")
        super().__init__(*args, **kwargs)
        self.fields["url"].assume_scheme = "https"
        self.existing = None

    def clean_name(self):
        name = self.cleaned_data["name"]
        self.existing = Source.objects.named(name)
        if self.existing:
            raise forms.ValidationError(duplicate_source_message(self.existing))
        return name


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
    revision = RevisionField()


class WithdrawRequestForm(forms.Form):
    change = forms.ModelChoiceField(queryset=StatusChange.objects.none())

    def __init__(self, *args, claim, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["change"].queryset = claim.status_changes.all()
