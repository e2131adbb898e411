"""The world every fuzz test runs in, made once per test class: a draft with two claims (one
with a pending status request), a published story whose claim has a pending edit and whose
text a pending correction, two sources with similar names and an intelligence service, a
reporter and an editor."""

from articles import revisions
from articles.models import Article
from claims import editing
from claims.models import Source
from tests.factories import make_article, make_claim, make_editor, make_reporter, make_request


def make_world(holder):
    """Set the world's objects as attributes of `holder` (a test class)."""
    holder.reporter, holder.editor = make_reporter("reporter"), make_editor("editor")
    holder.source = Source.objects.create(name="KCNA", kind=Source.Kind.STATE_MEDIA)
    holder.service = Source.objects.create(name="NIS", kind=Source.Kind.INTELLIGENCE_SERVICE)
    Source.objects.create(name="Korean Central TV", kind=Source.Kind.STATE_MEDIA)
    holder.draft = make_article(created_by=holder.reporter)
    holder.claim = make_claim(holder.draft)
    holder.request = make_request(holder.claim, requested_by=holder.reporter)
    holder.other_claim = make_claim(holder.draft, quote="Pyongyang")
    holder.published = make_article(created_by=holder.reporter, status=Article.Status.PUBLISHED)
    holder.edited = make_claim(holder.published)
    content = {**editing.working_content(holder.edited), "statement": "Kim flew."}
    holder.edit = editing.edit(holder.edited, holder.reporter, content, seen=1)
    text = {**revisions.working_text(holder.published), "title": "Corrected"}
    holder.correction = revisions.edit(holder.published, holder.reporter, text, seen=1)
