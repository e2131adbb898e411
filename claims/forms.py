"""Desk forms for claims, citations, sources and status requests.

A source is picked by its name, the same way with or without JavaScript: the name field
suggests existing sources as the reporter types (htmx fills its <datalist>), and on submit
the name is matched case-insensitively. A "kind" chosen beside the name says "this is a new
source"; a name that already exists is then refused with an offer to use the existing one,
so the registry never gets a second KCNA.
"""

from django import forms
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse_lazy

from articles.models import Article

from .models import Citation, Claim, Source, StatusChange

NEW_SOURCE_KINDS = [("", "Existing source"), *Source.Kind.choices]
SUGGESTIONS = 5


def duplicate_source_message(source):
    return f"A source named “{source.name}” already exists — use it."


def find_source(name):
    return Source.objects.filter(name__iexact=name.strip()).first()


def similar_sources(name):
    """Existing sources a mistyped or partial name probably meant."""
    words = name.split()
    queryset = Source.objects.all()
    for word in words:
        queryset = queryset.filter(name__icontains=word)
    return list(queryset[:SUGGESTIONS]) if words else []


class DeskFormMixin:
    """Labels without a trailing colon, as every desk form shows them."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


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
            self.source = find_source(self.name)
        return self.source


class CitationFieldsMixin:
    """The fields of one citation: source and optional via, each picked by name."""

    def add_citation_fields(self):
        self.fields["source"] = forms.CharField(
            label="Source",
            max_length=200,
            help_text="Who first said it. Start typing to pick an existing source.",
            error_messages={"required": "Name the source of this claim."},
        )
        self.fields["source_kind"] = forms.ChoiceField(
            label="Kind, if it is a new source",
            choices=NEW_SOURCE_KINDS,
            required=False,
        )
        self.fields["via"] = forms.CharField(
            label="Via (optional)",
            max_length=200,
            required=False,
            help_text="Who relayed it, when the source did not tell us directly.",
        )
        self.fields["via_kind"] = forms.ChoiceField(
            label="Kind, if “via” is a new source",
            choices=NEW_SOURCE_KINDS,
            required=False,
        )
        self.fields["detail"] = forms.CharField(
            label="Detail (optional)",
            max_length=300,
            required=False,
            help_text="“closed-door briefing to lawmakers”",
        )
        self.fields["url"] = forms.URLField(
            label="URL (optional)", required=False, assume_scheme="https"
        )
        for name in ("source", "via"):
            options = f"{self.auto_id % name}-options"
            # Search as you type: htmx asks the server for matching names and fills the
            # field's datalist; without JS the typed name is matched on submit.
            self.fields[name].widget.attrs.update(
                {
                    "autocomplete": "off",
                    "list": options,
                    "hx-get": reverse_lazy("claims:source_search"),
                    "hx-trigger": "input changed delay:200ms",
                    "hx-target": f"#{options}",
                    "hx-swap": "innerHTML",
                    "hx-sync": "this:replace",
                }
            )
        # Sources offered with an error ("use it", "did you mean …"), by field name.
        self.source_offers = {}
        # A "Use …" button was pressed: show the picked source's name, as an existing one.
        self.picked = {}
        if self.is_bound:
            for name in ("source", "via"):
                pk = self.data.get(f"use_{name}", "")
                source = Source.objects.filter(pk=pk).first() if pk.isdigit() else None
                if source is not None:
                    self.picked[name] = source
                    self.data = self.data.copy()
                    self.data[name], self.data[f"{name}_kind"] = source.name, ""

    def _choose_source(self, field, kind_field):
        if field in self.picked:
            return SourceChoice(self.picked[field])
        name = self.cleaned_data.get(field, "").strip()
        kind = self.cleaned_data.get(kind_field, "")
        if not name:
            return None
        existing = find_source(name)
        if kind and existing:
            self.source_offers[field] = [existing]
            self.add_error(field, duplicate_source_message(existing))
            return None
        if kind:
            return SourceChoice(name=name, kind=kind)
        if existing:
            return SourceChoice(existing)
        self.source_offers[field] = similar_sources(name)
        self.add_error(
            field,
            f"There is no source named “{name}”. Pick an existing one, or choose its kind "
            "to add it as a new source.",
        )
        return None

    def clean_citation(self):
        self.source_choice = self._choose_source("source", "source_kind")
        self.via_choice = self._choose_source("via", "via_kind")
        source, via = self.source_choice, self.via_choice
        if source and via and source.label.lower() == via.label.lower():
            self.add_error("via", "A source cannot relay itself: leave “via” empty.")

    def build_citation(self, claim):
        data = self.cleaned_data
        via = self.via_choice.get_or_create() if self.via_choice else None
        return Citation.objects.create(
            claim=claim,
            source=self.source_choice.get_or_create(),
            via=via,
            detail=data["detail"],
            url=data["url"],
        )


class ClaimForm(DeskFormMixin, forms.ModelForm):
    """The claim itself: what it says and which words of the story it is about."""

    class Meta:
        model = Claim
        fields = ["statement", "quote", "quote_prefix", "quote_suffix", "public_note"]
        labels = {
            "statement": "Statement",
            "quote": "Quote from the story",
            "quote_prefix": "Words just before the quote (optional)",
            "quote_suffix": "Words just after the quote (optional)",
            "public_note": "Note for readers (optional)",
        }
        help_texts = {
            "statement": "The claim in plain words.",
            "quote": "The exact words of the story. Select them in the preview to fill this in.",
            "quote_prefix": "Only needed when the quoted words occur more than once.",
            "quote_suffix": "",
        }
        error_messages = {
            "statement": {"required": "Write the claim in plain words: a statement is required."},
            "quote": {"required": "Give the exact words of the story this claim is about."},
        }
        widgets = {
            "statement": forms.Textarea(attrs={"rows": 2}),
            "quote": forms.Textarea(attrs={"rows": 2}),
            "public_note": forms.Textarea(attrs={"rows": 2}),
        }

    def clean_statement(self):
        statement = self.cleaned_data["statement"].strip()
        if not statement:
            raise forms.ValidationError(self.fields["statement"].error_messages["required"])
        return statement

    def clean_quote(self):
        quote = self.cleaned_data["quote"].strip()
        if not quote:
            raise forms.ValidationError(self.fields["quote"].error_messages["required"])
        return quote


class LogClaimForm(CitationFieldsMixin, ClaimForm):
    """A new claim with its first citation: a claim without one cannot be published."""

    class Meta(ClaimForm.Meta):
        fields = ["statement", "quote", "quote_prefix", "quote_suffix"]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "log-claim-%s")
        super().__init__(*args, **kwargs)
        self.add_citation_fields()

    def clean(self):
        cleaned = super().clean()
        self.clean_citation()
        return cleaned

    def save_for(self, article, user):
        with transaction.atomic():
            claim = self.save(commit=False)
            claim.article = article
            claim.created_by = user
            last = article.claims.aggregate(last=Max("position"))["last"]
            claim.position = 0 if last is None else last + 1
            claim.save()
            self.build_citation(claim)
        return claim


class CitationForm(DeskFormMixin, CitationFieldsMixin, forms.Form):
    def __init__(self, *args, claim, **kwargs):
        kwargs.setdefault("auto_id", f"claim-{claim.pk}-citation-%s")
        super().__init__(*args, **kwargs)
        self.claim = claim
        self.add_citation_fields()

    def clean(self):
        cleaned = super().clean()
        self.clean_citation()
        return cleaned

    def save(self):
        with transaction.atomic():
            return self.build_citation(self.claim)


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
        name = self.cleaned_data["name"].strip()
        self.existing = find_source(name)
        if self.existing:
            raise forms.ValidationError(duplicate_source_message(self.existing))
        return name


class StatusRequestForm(DeskFormMixin, forms.Form):
    to_status = forms.ChoiceField(label="New status", choices=Claim.Status.choices)
    rationale = forms.CharField(
        label="Rationale",
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
    note = forms.CharField(
        label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class QueueFilterForm(DeskFormMixin, forms.Form):
    article = forms.ModelChoiceField(
        label="Article", queryset=Article.objects.none(), required=False, empty_label="All"
    )
    to_status = forms.ChoiceField(
        label="Requested status", choices=[("", "Any"), *Claim.Status.choices], required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["article"].queryset = (
            Article.objects.filter(claims__status_changes__state=StatusChange.State.PENDING)
            .distinct()
            .order_by("title")
        )


class FindClaimsForm(DeskFormMixin, forms.Form):
    q = forms.CharField(label="Words", required=False, help_text="In the statement or the quote.")
    status = forms.ChoiceField(
        label="Status", choices=[("", "Any"), *Claim.Status.choices], required=False
    )
    source = forms.CharField(
        label="Source", required=False, help_text="Part of a source’s name, origin or via."
    )
    article = forms.ModelChoiceField(
        label="Article",
        queryset=Article.objects.order_by("-created_at"),
        required=False,
        empty_label="All",
    )
