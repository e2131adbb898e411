"""The desk's own pages: the dashboard, writing a story, and moving it through the workflow.

Every action works as a plain form POST (redirect, then a message) and, when htmx sends it,
answers with just the fragment that changed. The rules themselves live in
`articles.publishing`; these views only call it and say what happened.
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db.models import Count, Min, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_http_methods, require_POST

from claims.models import StatusChange
from claims.panel import panel_context
from claims.workflow import WorkflowError

from . import publishing
from .forms import ArticleEditForm, ArticleForm
from .markdown import render_markdown
from .models import Article

ARTICLE_PAGE = "desk/article.html"
RECENT = 8

# One status per kind of refusal, everywhere on the desk: a form with a bad field is 422,
# a request the story's current state refuses (stale edit, publishing gate) is 409.
INVALID = 422
CONFLICT = 409


@permission_required("articles.view_article", raise_exception=True)
def dashboard(request):
    user = request.user
    in_review = (
        Article.objects.filter(status=Article.Status.IN_REVIEW)
        .select_related("created_by")
        .annotate(
            claim_count=Count("claims", distinct=True),
            pending_count=Count(
                "claims__status_changes",
                filter=Q(claims__status_changes__state=StatusChange.State.PENDING),
                distinct=True,
            ),
        )
        .order_by("updated_at")
    )
    drafts = Article.objects.filter(status=Article.Status.DRAFT).order_by("-updated_at")
    mine = Q(created_by=user) | Q(updated_by=user)
    context = {
        "my_drafts": drafts.filter(mine).annotate(claim_count=Count("claims")),
        # The desk is one team: a colleague's draft is one click away, to help or to check.
        "other_drafts": drafts.exclude(mine).select_related("created_by")[:RECENT],
        "in_review": in_review,
        "recently_out": Article.objects.filter(
            status__in=[Article.Status.PUBLISHED, Article.Status.WITHDRAWN]
        ).order_by("-updated_at")[:RECENT],
        "decisions": _recent_decisions(user),
    }
    if user.has_perm("claims.decide_status_change"):
        context["queue"] = StatusChange.objects.pending().aggregate(
            count=Count("pk"), oldest=Min("requested_at")
        )
    return render(request, "desk/dashboard.html", context)


def _recent_decisions(user):
    """Editors follow every decision on the desk; a reporter, the answers to their requests."""
    decided = (
        StatusChange.objects.filter(
            state__in=[StatusChange.State.APPROVED, StatusChange.State.REJECTED]
        )
        .select_related("claim__article", "requested_by", "decided_by")
        .order_by("-decided_at", "-pk")
    )
    if not user.has_perm("claims.decide_status_change"):
        decided = decided.filter(requested_by=user)
    return decided[:RECENT]


@require_http_methods(["GET", "POST"])
@permission_required("articles.add_article", raise_exception=True)
def article_new(request):
    if request.method == "POST":
        form = ArticleForm(request.POST)
        if form.is_valid():
            article = form.save(commit=False)
            article.created_by = article.updated_by = request.user
            article.save()
            messages.success(request, "Story created. Write on, and log each claim as you go.")
            return redirect("desk:article", pk=article.pk)
        return render(request, "desk/article_new.html", {"article_form": form}, status=INVALID)
    return render(request, "desk/article_new.html", {"article_form": ArticleForm()})


@require_http_methods(["GET", "POST"])
@permission_required("articles.change_article", raise_exception=True)
def article_page(request, pk):
    article = _editable_article(request, pk)
    if request.method != "POST":
        form = ArticleEditForm(instance=article)
        return _render_article_page(request, article, form)

    form = ArticleEditForm(request.POST)
    if not form.is_valid():
        return _render_article_page(request, _reloaded(article), form, status=INVALID)
    data = form.cleaned_data
    edit = {name: data[name] for name in ArticleForm.Meta.fields}
    if not Article.objects.save_edit(article.pk, data["revision"], request.user, **edit):
        newest = _reloaded(article)
        form.add_error(None, _stale_edit_message(newest))
        return _render_article_page(request, newest, form, status=CONFLICT)
    messages.success(request, "Saved.")
    return redirect("desk:article", pk=article.pk)


def _editable_article(request, pk):
    articles = Article.objects.editable_by(request.user).select_related("updated_by")
    return get_object_or_404(articles, pk=pk)


def _reloaded(article):
    return Article.objects.select_related("updated_by").get(pk=article.pk)


def _stale_edit_message(article):
    who = article.updated_by or "Someone"
    when = date_format(timezone.localtime(article.updated_at), "H:i")
    return (
        f"{who} saved this story at {when}, after you opened it. "
        "Your text is below; copy what you need and reload."
    )


def _render_article_page(request, article, form, *, status=200):
    # The claims panel's context comes first so that the page's own names always win;
    # they are distinctive enough not to shadow the panel's.
    context = {
        **panel_context(article, request.user),
        "article": article,
        "article_form": form,
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
    }


@require_http_methods(["GET", "POST"])
@permission_required("articles.change_article", raise_exception=True)
def article_preview(request, pk):
    """The story as readers will see it: the last save (GET) or what is typed now (POST)."""
    article = _editable_article(request, pk)
    if request.method == "POST":
        article = Article(
            pk=article.pk,
            **{name: request.POST.get(name, "") for name in ArticleForm.Meta.fields},
        )
    return render(request, ARTICLE_PAGE + "#preview", _preview_context(article))


def _preview_context(article):
    return {"preview": article, "preview_body": render_markdown(article.body)}


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
@permission_required("articles.change_article", raise_exception=True)
def article_publish(request, pk):
    return _transition(request, pk, publishing.publish, "Published. Readers can see it now.")


@require_POST
@permission_required("articles.change_article", raise_exception=True)
def article_withdraw(request, pk):
    return _transition(
        request, pk, publishing.withdraw, "Withdrawn. Readers can no longer see this story."
    )


def _transition(request, pk, move, done):
    """Run one workflow step; PermissionDenied from it becomes a 403 on its way out."""
    article = _editable_article(request, pk)
    try:
        article = move(article, request.user)
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


def _workflow_fragment(request, article, status=200, *, notice="", error="", problems=()):
    # Read again: a refused step leaves the story as someone else may just have made it.
    article = Article.objects.get(pk=article.pk)
    context = {
        "article": article,
        **_workflow_context(request, article),
        "workflow_notice": notice,
        "workflow_error": error,
        "workflow_problems": problems,
    }
    return render(request, ARTICLE_PAGE + "#workflow", context, status=status)
