"""The desk's own forms: a story, and the filters of the review queue and Find claims.

The claims' forms (a claim, a citation, a source, a status request) are the claims app's.
"""

from django import forms
from django.db.models import Q

from claims import limits
from claims.forms import DeskFormMixin, RevisionField
from claims.models import Claim, ClaimRevision, StatusChange

from ..models import Article, ArticleRevision


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
            f"*italic*, **bold**, [link text](https://…). Up to {limits.STORY_BODY:,} "
            "characters.",
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
    of silently overwriting it. It is never saved as a model form: `articles.revisions`
    decides whether the text is saved or proposed.
    """

    revision = RevisionField()

    class Meta(ArticleForm.Meta):
        fields = [*ArticleForm.Meta.fields, "revision"]


class WithdrawForm(DeskFormMixin, forms.Form):
    reason = forms.CharField(
        label="Reason",
        max_length=limits.WITHDRAWAL_REASON,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Readers who open the story see it, with the date.",
        error_messages={"required": "Say why the story is withdrawn: readers will see it."},
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
        waiting = (
            Q(claims__status_changes__state=StatusChange.State.PENDING)
            | Q(claims__revisions__state=ClaimRevision.State.PENDING)
            | Q(revisions__state=ArticleRevision.State.PENDING)
        )
        self.fields["article"].queryset = (
            Article.objects.filter(waiting).distinct().order_by("title")
        )


class FindClaimsForm(DeskFormMixin, forms.Form):
    q = forms.CharField(
        label="Words",
        max_length=limits.SEARCH,
        required=False,
        help_text="In the statement or the quote.",
    )
    status = forms.ChoiceField(
        label="Status", choices=[("", "Any"), *Claim.Status.choices], required=False
    )
    source = forms.CharField(
        label="Source",
        max_length=limits.SEARCH,
        required=False,
        help_text="Part of a source’s name, origin or via.",
    )
    article = forms.ModelChoiceField(
        label="Article",
        queryset=Article.objects.order_by("-created_at"),
        required=False,
        empty_label="All",
    )
