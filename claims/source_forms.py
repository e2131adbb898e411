"""The registry's forms on the desk: a source added or edited (its affiliation picked by
name, as citations pick theirs), and a duplicate merged into another source.

The checks a person can fix in the form are made here, next to the field (a name already
taken, an affiliation that does not exist or would loop); `claims.registry` makes them
again under its lock, where two changes made at once are told apart.
"""

from django import forms
from django.urls import reverse_lazy

from . import limits, registry
from .citation_forms import duplicate_source_message
from .form_fields import DeskFormMixin, RevisionField
from .models import Source


def _searching(field, options_id):
    """Suggest existing sources as the person types (htmx fills the field's <datalist>)."""
    field.widget.attrs.update(
        {
            "autocomplete": "off",
            "list": options_id,
            "hx-get": reverse_lazy("desk:source_search"),
            "hx-trigger": "input changed delay:200ms",
            "hx-target": f"#{options_id}",
            "hx-swap": "innerHTML",
            "hx-sync": "this:replace",
        }
    )


def _named(name, what):
    source = Source.objects.named(name)
    if source is None:
        similar = ", ".join(s.name for s in Source.objects.similar_to(name))
        hint = f" Did you mean: {similar}?" if similar else " Add it first."
        raise forms.ValidationError(f"There is no source named “{name}” to {what}.{hint}")
    return source


class SourceForm(DeskFormMixin, forms.Form):
    """A new source, or (`source`) an existing one edited."""

    name = forms.CharField(
        label="Name",
        max_length=limits.SOURCE_NAME,
        error_messages={"required": "Give the source a name."},
    )
    kind = forms.ChoiceField(label="Kind", choices=Source.Kind.choices)
    url = forms.URLField(
        label="URL (optional)", max_length=limits.URL, required=False, assume_scheme="https"
    )
    description = forms.CharField(
        label="Description (optional)",
        max_length=limits.SOURCE_DESCRIPTION,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Who this is, as a reader should know it: “Kremlin aide”.",
    )
    aliases = forms.CharField(
        label="Other names (optional)",
        max_length=limits.SOURCE_ALIASES,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Other names stories use for it, one a line: “NIS”, “Seoul”. Suggested "
        "claims find the source by them.",
    )
    affiliation = forms.CharField(
        label="Affiliation (optional)",
        max_length=limits.SOURCE_NAME,
        required=False,
        help_text="Who this source belongs to or speaks for: Yuri Ushakov → the Kremlin. "
        "Origins affiliated with each other, or with the same source, are not independent.",
    )

    def __init__(self, *args, source=None, **kwargs):
        kwargs.setdefault("auto_id", "source-%s")
        super().__init__(*args, **kwargs)
        self.source = source
        self.existing = None  # the source a name already taken belongs to
        _searching(self.fields["affiliation"], f"{self['affiliation'].auto_id}-options")

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        existing = Source.objects.named(name)
        if existing and (self.source is None or existing.pk != self.source.pk):
            self.existing = existing
            if self.source is None:
                raise forms.ValidationError(duplicate_source_message(existing))
            raise forms.ValidationError(
                f"A source named “{existing.name}” already exists. If it is the same source, "
                "merge this one into it."
            )
        return name

    def clean_affiliation(self):
        name = self.cleaned_data["affiliation"].strip()
        if not name:
            return None
        affiliation = _named(name, "affiliate it with")
        if self.source is not None:
            problem = registry.affiliation_problem(self.source, affiliation)
            if problem:
                raise forms.ValidationError(problem)
        return affiliation

    def changes(self):
        """The fields as `claims.registry` takes them."""
        return {field: self.cleaned_data[field] for field in registry.EDITABLE}


class SourceEditForm(SourceForm):
    """An existing source, bound to the revision it was opened at."""

    revision = RevisionField()

    @staticmethod
    def initial_for(source):
        return {
            "name": source.name,
            "kind": source.kind,
            "url": source.url,
            "description": source.description,
            "aliases": source.aliases,
            "affiliation": source.affiliation.name if source.affiliation_id else "",
            "revision": source.revision,
        }


class MergeSourceForm(DeskFormMixin, forms.Form):
    """Merge `source` (a duplicate) into another, named."""

    into = forms.CharField(
        label="Merge into",
        max_length=limits.SOURCE_NAME,
        help_text="The source to keep. Every citation of this one, as origin or relay, moves "
        "to it, and this one goes.",
        error_messages={"required": "Name the source to keep."},
    )

    def __init__(self, *args, source, **kwargs):
        kwargs.setdefault("auto_id", "merge-%s")
        super().__init__(*args, **kwargs)
        self.source = source
        _searching(self.fields["into"], f"{self['into'].auto_id}-options")

    def clean_into(self):
        into = _named(self.cleaned_data["into"].strip(), "merge into")
        if into.pk == self.source.pk:
            raise forms.ValidationError("A source cannot be merged into itself.")
        return into
