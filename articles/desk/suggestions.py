"""A story pasted in, and the claims the desk suggests in it.

`article_import` turns pasted plain text into a draft (`articles.importing`), telling the
reporter what page furniture it dropped. On a story not yet published, the claims panel
lists the claims `claims.suggestions` finds in the body as it stands (`suggestions_for`):
each one's "Log claim" fills the Log claim form for the reporter to check (a plain GET
without JavaScript), "Dismiss" hides it for that story (the panel's views). Nothing already
logged, or overlapping a logged claim, is suggested again.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from claims.forms import DeskFormMixin, LogClaimForm
from claims.source_directory import SourceDirectory
from claims.suggestions import suggest_claims

from .. import revisions
from ..importing import ImportRefused, import_story
from ..models import Article
from .responses import INVALID


def suggestions_for(article, claims):
    """The claims suggested for `article` (whose `claims` are already loaded), less those
    dismissed for it. None once it is published: a claim added then is a proposal, logged
    with care."""
    if article.status not in (Article.Status.DRAFT, Article.Status.IN_REVIEW):
        return []
    dismissed = set(article.dismissals.values_list("key", flat=True))
    found = suggest_claims(article.body, SourceDirectory.load(), logged=claims)
    return [suggestion for suggestion in found if suggestion.key not in dismissed]


def log_claim_form_from(suggestion):
    """The Log claim form filled in from a suggestion, for the reporter to check. One that
    names no origin (“Origin none named”) is a claim the story states without naming who
    said it: so ticked, it logs as shown rather than asking for a source."""
    origin, via = suggestion.origin, suggestion.via
    return LogClaimForm(
        initial={
            "statement": suggestion.statement,
            "quote": suggestion.quote,
            "quote_prefix": suggestion.quote_prefix,
            "quote_suffix": suggestion.quote_suffix,
            "no_named_source": origin is None,
        },
        citation_initial={
            "source": origin.name if origin else "",
            "source_kind": origin.kind if origin and origin.is_new else "",
            "via": via.name if via else "",
            "via_kind": via.kind if via and via.is_new else "",
            "detail": suggestion.detail,
        },
    )


class ImportForm(DeskFormMixin, forms.Form):
    story_text = forms.CharField(
        label="Story text",
        strip=False,
        widget=forms.Textarea(attrs={"rows": 18, "spellcheck": "true"}),
        help_text="Paste the story as plain text: its headline on the first line, then its "
        "paragraphs, headings and “•” lists. Page furniture at the end is dropped.",
        error_messages={"required": "The story text is empty: paste the story, headline first."},
    )

    def clean_story_text(self):
        try:
            return import_story(self.cleaned_data["story_text"])
        except ImportRefused as refusal:
            raise forms.ValidationError(str(refusal)) from None


@require_http_methods(["GET", "POST"])
@permission_required("articles.add_article", raise_exception=True)
def article_import(request):
    if request.method == "GET":
        return render(request, "desk/article_import.html", {"form": ImportForm()})
    form = ImportForm(request.POST)
    if not form.is_valid():
        return render(request, "desk/article_import.html", {"form": form}, status=INVALID)
    imported = form.cleaned_data["story_text"]
    text = {"title": imported.title, "body": imported.body}
    article = revisions.create(
        request.user, {**text, "standfirst": "", "dateline": "", "byline": ""}
    )
    messages.success(
        request, "Story imported as a draft. Check the suggested claims beside it, and log them."
    )
    if imported.dropped:
        dropped = "; ".join(map(str, imported.dropped))
        messages.info(request, f"Left out as page furniture, not story: {dropped}.")
    return redirect(article.get_desk_url())
