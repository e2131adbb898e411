"""What every desk form shares: labels without a colon, and the revision a form was opened
at (claims.freshness)."""

from django import forms


class DeskFormMixin:
    """Labels without a trailing colon, as every desk form shows them."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class RevisionField(forms.IntegerField):
    """The revision count of what the form was opened on (claims.freshness)."""

    widget = forms.HiddenInput
    default_error_messages = {
        key: "This form lost track of which version you opened; reload the page."
        for key in ("required", "invalid", "min_value", "max_value")
    }

    def __init__(self, **kwargs):
        super().__init__(min_value=1, **kwargs)
