"""How a story's text changes: saved at once, or on a published story proposed to an editor
as a correction (DESIGN.md rules 7–10).

The text is the title, standfirst, dateline, byline and body. Before publication an edit is
saved at once; on a published story it waits as a proposal until an editor who took no part
in it approves it, with the correction note readers will read under the story's Updates.
Every edit, saved or proposed, is kept as an `ArticleRevision` with its author and the
text before and after. The story's `revision` count is bumped by each, so a form opened
before an edit, or a decision made on what was reviewed before it, is refused.
"""

import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format

from claims.decision_log import log_decision
from claims.errors import StaleChange, WorkflowError, require
from claims.quotes import orphaned

from .markdown import body_text
from .models import Article, ArticleRevision

FIELDS = ("title", "standfirst", "dateline", "byline", "body")
State = ArticleRevision.State
logger = logging.getLogger(__name__)


def text_of(article):
    return {field: getattr(article, field) for field in FIELDS}


def working_text(article):
    """What the desk edits: the proposed correction if one waits, else the story's text."""
    pending = article.revisions.pending().first() if article.was_published else None
    return pending.after if pending else text_of(article)


def create(user, text, **fields):
    """A new draft with `text` (and other `fields`, such as a chosen slug), its first
    revision saved."""
    require(user, "articles.add_article", "write stories")
    with transaction.atomic():
        article = Article.objects.create(created_by=user, updated_by=user, **text, **fields)
        ArticleRevision.objects.create(
            article=article,
            author=user,
            before=None,
            after=text_of(article),
            state=State.SAVED,
            decided_at=timezone.now(),
        )
        _log(article.revisions.get(), article, user, "written")
        return article


def edit(article, user, text, *, seen):
    """Change the story's text, from its revision `seen`. Returns the revision (saved or
    proposed), or None when the text is what the story already says."""
    require(user, "articles.change_article", "edit stories")
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        _check_seen(article, seen)
        live = text_of(article)
        pending = article.revisions.pending().first() if article.was_published else None
        if text == (pending.after if pending else live):
            return None
        if article.was_published:
            if pending:
                pending.decide(user, State.SUPERSEDED)
            revision = ArticleRevision.objects.create(
                article=article, author=user, before=live, after=text, supersedes=pending
            )
            # Readers' page stays as it is: only the desk's count and "last saved" move.
            Article.objects.filter(pk=article.pk).mark_edited(user)
        else:
            revision = ArticleRevision.objects.create(
                article=article,
                author=user,
                before=live,
                after=text,
                state=State.SAVED,
                decided_at=timezone.now(),
            )
            _apply(article, text, user)
        _log(revision, article, user, "saved" if revision.state == State.SAVED else "proposed")
        return revision


def approve(revision, user, *, seen, note="", public_note=""):
    return _decide_proposal(revision, user, State.APPROVED, seen, note, public_note)


def reject(revision, user, *, seen, note=""):
    return _decide_proposal(revision, user, State.REJECTED, seen, note, "")


def withdraw(revision, user):
    """The author takes back their pending correction."""
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=revision.article_id)
        revision = ArticleRevision.objects.select_for_update().get(pk=revision.pk)
        if revision.author_id != user.pk:
            raise PermissionDenied("Only the person who proposed an edit can withdraw it.")
        if revision.state != State.PENDING:
            raise WorkflowError(f"This edit was already {revision.decision}.")
        revision.decide(user, State.WITHDRAWN)
        Article.objects.filter(pk=article.pk).mark_edited(user)
        _log(revision, article, user, "withdrawn")
        return revision


def _decide_proposal(revision, user, state, seen, note, public_note):
    require(user, "claims.decide_status_change", "decide edits")
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=revision.article_id)
        revision = ArticleRevision.objects.select_for_update().get(pk=revision.pk)
        if revision.state != State.PENDING:
            raise WorkflowError(f"This edit was already {revision.decision}.")
        if user.pk in revision.contributors():
            raise WorkflowError(
                "You took part in this edit, so another editor must decide it (four-eyes rule)."
            )
        _check_seen(article, seen)
        public_note = (public_note or "").strip()
        if state == State.APPROVED:
            _check_can_go_live(article, revision, public_note)
            revision.decide(user, state, note=note, public_note=public_note)
            _apply(article, revision.after, user)
        else:
            revision.decide(user, state, note=note)
            Article.objects.filter(pk=article.pk).mark_edited(user)
        _log(revision, article, user, state)
        return revision


def _check_can_go_live(article, revision, public_note):
    """An approved correction shows at once: it says so, and takes no claim's words away."""
    if not article.was_published:
        return
    if not public_note:
        raise WorkflowError(
            "This story is published: write the correction note readers will see under it."
        )
    lost = orphaned(article.claims.live(), body_text(revision.after["body"]))
    if lost:
        raise WorkflowError(
            "This correction removes words claims are about: "
            + "; ".join(claim.label for claim in lost)
            + ". Edit those claims' quotes first, or keep the words."
        )


def _log(revision, article, user, verb):
    """“revision 9 of story 3 approved by editor2” (claims.decision_log)."""
    log_decision(
        logger,
        f"revision {revision.pk} of story {article.pk} {verb} by {user.get_username()}",
        event=f"article_revision.{verb}",
        actor=user,
        article_revision=revision.pk,
        article=article.pk,
    )


def _apply(article, text, user):
    for field, value in text.items():
        setattr(article, field, value)
    article.updated_by = user
    article.revision = F("revision") + 1
    article.save(update_fields=[*FIELDS, "updated_by", "updated_at", "revision"])
    article.refresh_from_db(fields=["revision"])


def stale_message(article):
    """The story changed since the person opened it: who saved it last, and when."""
    who = article.updated_by or "Someone"
    when = date_format(timezone.localtime(article.updated_at), "H:i")
    return f"{who} saved this story at {when}, after you opened it."


def _check_seen(article, seen):
    if seen is not None and article.revision != seen:
        raise StaleChange(stale_message(article))
