"""Writing a story, and moving it through the workflow: submit, publish, withdraw.

The article page shows the story's form and its live preview beside the claims panel. Saves
go through `articles.revisions`: on a published story an edit is a correction proposed to
an editor. A save made over someone else's newer save is refused (409) with what was typed
kept; the publishing gate's refusal lists every reason, each linking to the claim to fix.
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_http_methods, require_POST

from claims import limits
from claims.errors import StaleChange, WorkflowError

from .. import publishing, revisions
from ..markdown import render_markdown
from ..models import Article
from .diff import changes
from .forms import ArticleEditForm, ArticleForm, WithdrawForm
from .panel import panel_context
from .responses import CONFLICT, INVALID

STORY_FIELDS = {
    "title": "Title",
    "standfirst": "Standfirst",
    "dateline": "Dateline",
    "byline": "Byline",
    "body": "Body",
}

ARTICLE_PAGE = "desk/article.html"


@require_http_methods(["GET", "POST"])
@permission_required("articles.add_article", raise_exception=True)
def article_new(request):
    if request.method == "POST":
        form = ArticleForm(request.POST)
        if form.is_valid():
            article = revisions.create(request.user, form.cleaned_data)
            messages.success(request, "Story created. Write on, and log each claim as you go.")
            return redirect("desk:article", pk=article.pk)
        return render(request, "desk/article_new.html", {"article_form": form}, status=INVALID)
    return render(request, "desk/article_new.html", {"article_form": ArticleForm()})


@require_http_methods(["GET", "POST"])
@permission_required("articles.change_article", raise_exception=True)
def article_page(request, pk):
    article = _editable_article(request, pk)
    if request.method != "POST":
        form = ArticleEditForm(
            initial={**revisions.working_text(article), "revision": article.revision}
        )
        return _render_article_page(request, article, form)

    form = ArticleEditForm(request.POST)
    if not form.is_valid():
        return _render_article_page(request, _reloaded(article), form, status=INVALID)
    data = form.cleaned_data
    text = {name: data[name] for name in revisions.FIELDS}
    try:
        revision = revisions.edit(article, request.user, text, seen=data["revision"])
    except StaleChange as stale:
        form.add_error(None, f"{stale} Your text is below; copy what you need and reload.")
        return _render_article_page(request, _reloaded(article), form, status=CONFLICT)
    if revision is None:
        messages.info(request, "Nothing changed.")
    elif revision.state == revision.State.PENDING:
        messages.success(
            request,
            "Correction saved for review: readers see the published story until an editor "
            "approves it.",
        )
    else:
        messages.success(request, "Saved.")
    return redirect("desk:article", pk=article.pk)


def _editable_article(request, pk):
    articles = Article.objects.editable_by(request.user).select_related("updated_by")
    return get_object_or_404(articles, pk=pk)


def _reloaded(article):
    return Article.objects.select_related("updated_by").get(pk=article.pk)


def _render_article_page(request, article, form, *, status=200):
    # The claims panel's context comes first so that the page's own names always win;
    # they are distinctive enough not to shadow the panel's. A suggestion picked without
    # JavaScript arrives as ?suggestion=<key>, to fill in the Log claim form.
    pending = article.revisions.pending().select_related("author").first()
    suggestion = request.GET.get("suggestion", "")
    context = {
        **panel_context(article, request.user, suggestion=suggestion),
        "article": article,
        "article_form": form,
        "pending_correction": pending,
        "correction_changes": pending and changes(pending.before, pending.after, STORY_FIELDS),
        "story_history": article.revisions.select_related("author", "decided_by").order_by(
            "-created_at", "-pk"
        ),
        **_preview_context(article),
        **_workflow_context(request, article),
    }
    return render(request, ARTICLE_PAGE, context, status=status)


def _workflow_context(request, article):
    user = request.user
    return {
        "may_submit": article.status == Article.Status.DRAFT
        and user.has_perm("claims.request_status_change"),
        "may_publish": article.status != Article.Status.PUBLISHED
        and user.has_perm("articles.publish_article"),
        "may_withdraw": article.status == Article.Status.PUBLISHED
        and user.has_perm("articles.publish_article"),
        "withdraw_form": WithdrawForm(),
    }


@require_http_methods(["GET", "POST"])
@permission_required("articles.change_article", raise_exception=True)
def article_preview(request, pk):
    """The story as readers will see it: the last save (GET) or what is typed now (POST),
    its body up to the limit (rendering whatever length is posted would cost without
    bound; saving is what refuses the rest, keeping it)."""
    article = _editable_article(request, pk)
    if request.method == "POST":
        article = Article(
            pk=article.pk,
            **{name: request.POST.get(name, "") for name in ArticleForm.Meta.fields},
        )
    return render(request, ARTICLE_PAGE + "#preview", _preview_context(article))


def _preview_context(article):
    body = article.body[: limits.STORY_BODY]
    return {
        "preview": article,
        "preview_body": render_markdown(body),
        "preview_cut": len(article.body) > len(body),
        "body_limit": f"{limits.STORY_BODY:,}",
    }


@require_POST
@permission_required("articles.change_article", raise_exception=True)
def article_submit(request, pk):
    return _transition(
        request,
        pk,
        publishing.submit_for_review,
        "Submitted for review. An editor will check the claims and publish it.",
    )


@require_POST
@permission_required("articles.publish_article", raise_exception=True)
def article_publish(request, pk):
    return _transition(request, pk, publishing.publish, "Published. Readers can see it now.")


@require_POST
@permission_required("articles.publish_article", raise_exception=True)
def article_withdraw(request, pk):
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        article = _editable_article(request, pk)
        if request.htmx:
            return _workflow_fragment(request, article, INVALID, withdraw_form=form)
        messages.error(request, " ".join(form.errors["reason"]))
        return redirect("desk:article", pk=article.pk)
    return _transition(
        request,
        pk,
        publishing.withdraw,
        "Withdrawn. Readers who open it are told it was withdrawn, and why.",
        form.cleaned_data["reason"],
    )


@require_POST
@permission_required("articles.change_article", raise_exception=True)
def withdraw_correction(request, pk):
    """The author of a pending correction takes it back."""
    article = _editable_article(request, pk)
    pending = article.revisions.pending().first()
    try:
        if pending is None:
            raise WorkflowError("No correction of this story is waiting for review.")
        revisions.withdraw(pending, request.user)
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Your correction was withdrawn.")
    return redirect("desk:article", pk=article.pk)


def _transition(request, pk, move, done, *args):
    """Run one workflow step; PermissionDenied from it becomes a 403 on its way out."""
    article = _editable_article(request, pk)
    try:
        article = move(article, request.user, *args)
    except publishing.PublicationRefused as refusal:
        if request.htmx:
            return _workflow_fragment(request, article, CONFLICT, problems=refusal.problems)
        messages.error(request, _problems_list(request, article, refusal.problems))
        return redirect("desk:article", pk=article.pk)
    except WorkflowError as error:
        if request.htmx:
            return _workflow_fragment(request, article, CONFLICT, error=str(error))
        messages.error(request, str(error))
        return redirect("desk:article", pk=article.pk)
    if request.htmx:
        return _workflow_fragment(request, article, notice=done)
    messages.success(request, done)
    return redirect("desk:article", pk=article.pk)


def _problems_list(request, article, problems):
    """Every reason the gate gave, each linking to its claim, as one message.

    It is the same partial the htmx answer shows, rendered (and so escaped) by the template;
    the messages framework keeps it as HTML through the redirect.
    """
    return render_to_string(
        ARTICLE_PAGE + "#problems",
        {"article": article, "workflow_problems": problems},
        request=request,
    )


def _workflow_fragment(
    request, article, status=200, *, notice="", error="", problems=(), withdraw_form=None
):
    # Read again: a refused step leaves the story as someone else may just have made it.
    article = Article.objects.select_related("withdrawn_by").get(pk=article.pk)
    context = {
        "article": article,
        **_workflow_context(request, article),
        "workflow_notice": notice,
        "workflow_error": error,
        "workflow_problems": problems,
    }
    if withdraw_form:
        context["withdraw_form"] = withdraw_form
    return render(request, ARTICLE_PAGE + "#workflow", context, status=status)
