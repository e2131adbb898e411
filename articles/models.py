import uuid

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from claims import limits
from claims.models import Revision, RevisionState
from claims.roles import is_desk_member

from .markdown import body_text

# Tries at a new story's address while others of the same title are saved at once.
SLUG_ATTEMPTS = 10


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ArticleStatus.PUBLISHED)

    def withdrawn(self):
        return self.filter(status=ArticleStatus.WITHDRAWN)

    def editable_by(self, user):
        """Articles a member of the desk may open and edit: all of them (see claims.roles)."""
        return self.all() if is_desk_member(user) else self.none()

    def mark_content_changed(self):
        """Something these stories show changed: readers must get a freshly rendered page."""
        return self.update(content_version=uuid.uuid4(), content_changed_at=timezone.now())

    def mark_edited(self, user):
        """The story's text on the desk changed without changing what readers see (a
        proposed correction): forms opened before are stale, the version is not."""
        return self.update(revision=F("revision") + 1, updated_by=user, updated_at=timezone.now())


class Article(models.Model):
    Status = ArticleStatus

    title = models.CharField(max_length=limits.STORY_TITLE)
    slug = models.SlugField(max_length=220, unique=True)
    standfirst = models.TextField(max_length=limits.STANDFIRST, blank=True)
    body = models.TextField(max_length=limits.STORY_BODY, blank=True, help_text="Markdown.")
    dateline = models.CharField(max_length=limits.DATELINE, blank=True)
    byline = models.CharField(max_length=limits.BYLINE, blank=True)
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="articles_created"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Counts every change to the story's text on the desk (a save, a proposed correction),
    # so a form opened before it can be told apart from the newest edit and refused.
    revision = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles_published",
    )
    # The last withdrawal: kept after a republication, as the desk's record of it.
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawal_reason = models.TextField(max_length=limits.WITHDRAWAL_REASON, blank=True)
    # The reader's page is cached under this version (articles.story_cache). A new value is
    # written, in the same transaction, by every change to what the story page shows: the
    # article's own saves, and its claims, citations, sources and approved status changes.
    # It lives in the database so every process sees a change at once.
    content_version = models.UUIDField(default=uuid.uuid4, editable=False)
    content_changed_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        permissions = [("publish_article", "Can publish and withdraw articles")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ArticleStatus.values),
                name="article_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status=ArticleStatus.PUBLISHED) | Q(published_at__isnull=False),
                name="article_published_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status=ArticleStatus.WITHDRAWN)
                | (Q(withdrawn_at__isnull=False) & ~Q(withdrawal_reason="")),
                name="article_withdrawn_has_reason",
            ),
            *limits.length_checks(
                "article",
                {
                    "title": limits.STORY_TITLE,
                    "standfirst": limits.STANDFIRST,
                    "body": limits.STORY_BODY,
                    "dateline": limits.DATELINE,
                    "byline": limits.BYLINE,
                    "withdrawal_reason": limits.WITHDRAWAL_REASON,
                },
            ),
        ]
        indexes = [models.Index(fields=["status", "-published_at"], name="article_front_page")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.content_version = uuid.uuid4()
        self.content_changed_at = timezone.now()
        if kwargs.get("update_fields"):
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "content_version",
                "content_changed_at",
            }
        if self.slug:
            return super().save(*args, **kwargs)
        # A new story takes the first free address made from its title. Another story of the
        # same title saved at the same moment may take it between the look and the insert
        # (the database's unique constraint says so, once that story has committed): the
        # next free one is taken then.
        for _ in range(SLUG_ATTEMPTS - 1):
            self.slug = self._unique_slug()
            try:
                with transaction.atomic():
                    return super().save(*args, **kwargs)
            except IntegrityError:
                if not Article.objects.filter(slug=self.slug).exists():
                    raise  # another constraint: not the address
        self.slug = self._unique_slug()
        return super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:story", kwargs={"slug": self.slug})

    def get_desk_url(self):
        return reverse("desk:article", args=[self.pk])

    def _unique_slug(self):
        base = slugify(self.title)[:200] or "story"
        slug, n = base, 2
        while Article.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def is_withdrawn(self):
        return self.status == self.Status.WITHDRAWN

    @property
    def was_published(self):
        """Readers have read it: published now, or withdrawn and perhaps published again.
        Every change to what it says is then a correction an editor approves (DESIGN.md
        rule 9), so that a story cannot be changed unseen while it is withdrawn and come
        back with the change."""
        return self.published_at is not None

    @property
    def text(self):
        """The words of the body as a reader reads them: what claims' quotes must match."""
        return body_text(self.body)

    @property
    def modified_at(self):
        """When the story last changed in any way a reader can see (dateModified): the
        content version's date, which every such change renews (never before publication)."""
        return max(self.content_changed_at, self.published_at or self.content_changed_at)


class ArticleRevision(Revision):
    """A change to a story's title, standfirst, dateline, byline or body (`after`, the text
    as `articles.revisions.text_of` writes it). On a published story it is a proposed
    correction until an editor approves it."""

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="revisions")

    class Meta(Revision.Meta):
        constraints = [
            *Revision.Meta.constraints,
            models.UniqueConstraint(
                fields=["article"],
                condition=Q(state=RevisionState.PENDING),
                name="one_pending_revision_per_article",
                violation_error_message="This story already has an edit waiting for review.",
            ),
        ]
        indexes = [models.Index(fields=["state", "created_at"], name="articlerevision_queue")]

    def __str__(self):
        return f"Revision of story {self.article_id} ({self.state})"


class SuggestionDismissal(models.Model):
    """A suggested claim a reporter dismissed for a story (claims.suggestions): its key
    stays while the quoted words stay, so it is not suggested again."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="dismissals")
    # Written by the code (claims.suggestions' key), never typed: the desk's address for a
    # dismissal takes nothing else.
    key = models.CharField(max_length=64, editable=False)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    dismissed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "key"], name="one_dismissal_per_suggestion")
        ]

    def __str__(self):
        return f"Suggestion {self.key} dismissed for story {self.article_id}"
