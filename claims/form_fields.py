"""What every desk form shares: labels without a colon, and the revision a form was opened
at (claims.freshness)."""

from django import forms


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
