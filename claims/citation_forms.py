"""A citation as the desk names it: its origin and relay, each picked by name.

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

from . import limits, registry
from .content import citation_entry
from .errors import WorkflowError
from .form_fields import DeskFormMixin
from .models import Source, same_source_name

NEW_SOURCE_KINDS = [("", "Existing source"), *Source.Kind.choices]


def duplicate_source_message(source):
    return f"A source named “{source.name}” already exists — use it."


def vanished_source_message(name):
    # The database refused the name as taken, and no source has it now: it was added and
    # merged away (or renamed) in the moment between.
    return f"A source named “{name}” was added and then removed meanwhile: send the form again."


class SourceChoice:
    """One source named in a form: an existing one, or a new one to create on save."""

    def __init__(self, source=None, name="", kind=""):
        self.source, self.name, self.kind = source, name, kind

    @property
    def label(self):
        return self.source.name if self.source else self.name

    def get_or_create(self, user):
        if self.source is not None:
            return self.source
        try:
            with transaction.atomic():
                self.source = registry.add(user, name=self.name, kind=self.kind)
        except IntegrityError:
            # Someone added the same name a moment ago: theirs is the one to cite.
            self.source = Source.objects.named(self.name)
            if self.source is None:
                raise WorkflowError(vanished_source_message(self.name)) from None
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
        if self.origin and self.relay and same_source_name(self.origin.label, self.relay.label):
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

    def entry(self, user):
        """The citation as a claim's content holds it (claims.content), creating (as `user`)
        the sources that are new."""
        data = self.cleaned_data
        return citation_entry(
            self.origin.get_or_create(user),
            self.relay.get_or_create(user) if self.relay else None,
            detail=data["detail"],
            url=data["url"],
        )
