"""The desk's own forms: a story, and the filters of the review queue and Find claims.

The claims' forms (a claim, a citation, a source, a status request) are the claims app's.
"""

from django import forms

from claims.forms import DeskFormMixin
from claims.models import Claim, StatusChange

from ..models import Article


class ArticleForm(DeskFormMixin, forms.ModelForm):
    """The story as a reporter writes it; status and publication are the workflow's."""

    class Meta:
        model = Article
        fields = ["title", "standfirst", "dateline", "byline", "body"]
        labels = {"body": "Body"}
        help_texts = {
            "standfirst": "One or two sentences under the title that tell the reader what the "
            "story is.",
            "dateline": "Where the story was reported from, as it opens the story: SEOUL.",
            "byline": "Who wrote it, as readers see it.",
            "body": "Markdown: a blank line between paragraphs, ## for a subheading, "
            "*italic*, **bold**, [link text](https://…).",
        }
        error_messages = {"title": {"required": "Give the story a title."}}
        widgets = {
            "title": forms.TextInput(attrs={"autocomplete": "off"}),
            "standfirst": forms.Textarea(attrs={"rows": 2}),
            "dateline": forms.TextInput(attrs={"autocomplete": "off"}),
            "byline": forms.TextInput(attrs={"autocomplete": "off"}),
            "body": forms.Textarea(attrs={"rows": 22, "spellcheck": "true"}),
        }

    def errors_above_fields(self):
        """What no visible field can show next to itself: the form's own errors and those
        of its hidden fields (a lost revision)."""
        hidden = [error for field in self.hidden_fields() for error in field.errors]
        return [*self.non_field_errors(), *hidden]


class ArticleEditForm(ArticleForm):
    """The story form for an existing article, carrying the revision it was loaded at.

    The revision is what lets a save made over someone else's newer edit be refused instead
    of silently overwriting it.
    """

    revision = forms.IntegerField(
        min_value=1,
        widget=forms.HiddenInput,
        error_messages={
            "required": "This form lost track of which version you opened; reload the page.",
            "invalid": "This form lost track of which version you opened; reload the page.",
            "min_value": "This form lost track of which version you opened; reload the page.",
        },
    )

    class Meta(ArticleForm.Meta):
        fields = [*ArticleForm.Meta.fields, "revision"]


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
