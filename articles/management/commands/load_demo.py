"""manage.py load_demo: the demo newsroom for a laptop — never for production.

Loads the seed story as a published article whose claims carry the statuses the story gives
them (articles/demo/claims.py says how), with one edit of a verified claim proposed after
publication and waiting for an editor, and a draft follow-up whose claims wait for review.
Nothing is written behind the desk's back: sources are added to the registry through
`claims.registry` (with their affiliations), stories and claims are written through
`articles.revisions` and `claims.editing` (assessments and re-check moments are part of a
claim's content), every status is reached by a reporter's request an editor approved
(with a primary-record note where the claim is verified on one origin), and the story is
published through the publication gate, by the same code the desk uses.

The demo replays 1–2 September 2025, the days the story happened. Rather than backdating
rows afterwards (a decided status change is history and may not be rewritten), each step
runs under `clock_at`, which sets the time Django's code reads (`timezone.now`, also used
by auto_now fields) for the length of the step.
"""

import datetime
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from articles import publishing, revisions
from articles.demo.claims import FOLLOW_UP, PARADE_STORY, SOURCES
from articles.models import Article
from claims import editing, registry, workflow
from claims.content import assessment_entry, citation_entry, moment
from claims.models import Claim, Source

DEFAULT_PASSWORD = "claimdesk-demo"
MINUTE = datetime.timedelta(minutes=1)

# The parade story's day (UTC): written from noon, reviewed in the afternoon, published in
# the evening of 1 September. The follow-up is drafted the next morning.
PARADE_WRITTEN = datetime.datetime(2025, 9, 1, 12, 0, tzinfo=datetime.UTC)
PARADE_REQUESTED = datetime.datetime(2025, 9, 1, 13, 0, tzinfo=datetime.UTC)
PARADE_REJECTED = datetime.datetime(2025, 9, 1, 14, 30, tzinfo=datetime.UTC)
PARADE_APPROVED = datetime.datetime(2025, 9, 1, 16, 0, tzinfo=datetime.UTC)
PARADE_SUBMITTED = datetime.datetime(2025, 9, 1, 18, 30, tzinfo=datetime.UTC)
PARADE_PUBLISHED = datetime.datetime(2025, 9, 1, 21, 0, tzinfo=datetime.UTC)
PARADE_EDITED = datetime.datetime(2025, 9, 2, 7, 0, tzinfo=datetime.UTC)
FOLLOW_UP_WRITTEN = datetime.datetime(2025, 9, 2, 7, 30, tzinfo=datetime.UTC)
FOLLOW_UP_REQUESTED = datetime.datetime(2025, 9, 2, 8, 30, tzinfo=datetime.UTC)

ACCOUNTS = (("reporter", "Reporters"), ("editor", "Editors"), ("editor2", "Editors"))


@contextmanager
def clock_at(moment):
    """Let the code inside run as if it were `moment`.

    A module attribute is swapped, so this is for a management command running alone,
    never for a server handling requests.
    """
    real_now = timezone.now
    timezone.now = lambda: moment
    try:
        yield
    finally:
        timezone.now = real_now


class Command(BaseCommand):
    help = (
        "Load the demo newsroom (development only): the Kim Jong Un parade story, published "
        "with its claims and their review history, a draft follow-up with requests to review, "
        "and the accounts reporter, editor, editor2 and admin. Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default=DEFAULT_PASSWORD,
            help=f"Password for the demo accounts it creates (default {DEFAULT_PASSWORD!r}).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though DEBUG is off (the accounts have a known password).",
        )

    def handle(self, *args, password, force, verbosity, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "load_demo creates accounts with a known password, so it runs only for "
                "development: set DJANGO_DEBUG=1, or pass --force if you really mean it."
            )
        with transaction.atomic():
            accounts, created_accounts = ensure_accounts(password)
            parade, parade_created = load_parade_story(accounts)
            follow_up, follow_up_created = load_follow_up(accounts)

        if verbosity:
            self.report(parade, parade_created, follow_up, follow_up_created)
            self.report_accounts(created_accounts, password)

    def report(self, parade, parade_created, follow_up, follow_up_created):
        def outcome(created):
            return "loaded" if created else "already there, left as it was"

        self.stdout.write(f"Demo story ({outcome(parade_created)}): {parade.get_absolute_url()}")
        self.stdout.write(
            f"Draft follow-up ({outcome(follow_up_created)}): "
            f"{reverse('desk:article', args=[follow_up.pk])} — its requests wait at "
            f"{reverse('desk:review_queue')}"
        )

    def report_accounts(self, created_accounts, password):
        self.stdout.write("Demo accounts (development only):")
        for username, role in (*ACCOUNTS, ("admin", "superuser, /admin/")):
            login = (
                f"password {password!r}"
                if username in created_accounts
                else "existing account, password unchanged"
            )
            self.stdout.write(f"  {username:<9} {role:<19} {login}")


def ensure_accounts(password):
    """The three desk accounts in their groups and a superuser; existing ones are kept."""
    accounts, created_accounts = {}, set()
    for username, group in ACCOUNTS:
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
            created_accounts.add(username)
        user.groups.add(Group.objects.get(name=group))
        accounts[username] = user
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser("admin", email="", password=password)
        created_accounts.add("admin")
    return accounts, created_accounts


def source_registry(reporter):
    """The demo's sources, reusing any the newsroom already has under the same name (as it
    has them: the demo does not rewrite the newsroom's registry)."""
    sources = {}
    for demo in SOURCES:
        sources[demo.name] = Source.objects.named(demo.name) or registry.add(
            reporter,
            name=demo.name,
            kind=demo.kind,
            description=demo.description,
            aliases=demo.aliases,
            affiliation=sources[demo.affiliation] if demo.affiliation else None,
        )
    return sources


def write_story(story, reporter, written):
    """The article and its claims with their citations, as the reporter logged them."""
    title, standfirst, body = story.read()
    text = {
        "title": title,
        "standfirst": standfirst,
        "body": body,
        "dateline": story.dateline,
        "byline": story.byline,
    }
    with clock_at(written):
        sources = source_registry(reporter)
        article = revisions.create(reporter, text, slug=story.slug)
    claims = []
    for position, demo in enumerate(story.claims, start=1):
        content = {
            "statement": demo.statement,
            "quote": demo.quote,
            "quote_prefix": "",
            "quote_suffix": "",
            "public_note": demo.public_note,
            "citations": [
                citation_entry(
                    sources[citation.source],
                    sources[citation.via] if citation.via else None,
                    detail=citation.detail,
                    url=citation.url,
                    date=citation.date,
                )
                for citation in demo.citations
            ],
            "assessment": demo.assessment
            and assessment_entry(
                sources[demo.assessment.by], demo.assessment.confidence, demo.assessment.assessed_on
            ),
            "recheck_by": moment(demo.recheck_by),
            "no_named_source": demo.no_named_source,
        }
        with clock_at(written + 3 * position * MINUTE):
            claims.append((editing.log_claim(article, reporter, content), demo))
    return article, claims


def load_parade_story(accounts):
    existing = Article.objects.filter(slug=PARADE_STORY.slug).first()
    if existing:
        return existing, False
    reporter, editor, editor2 = accounts["reporter"], accounts["editor"], accounts["editor2"]
    article, claims = write_story(PARADE_STORY, reporter, PARADE_WRITTEN)
    to_review = [(claim, demo) for claim, demo in claims if demo.status != Claim.Status.UNCONFIRMED]

    requests = []
    for n, (claim, demo) in enumerate(to_review):
        at = PARADE_REQUESTED + 5 * n * MINUTE
        if demo.rejected:
            # The desk's second look: the first request is turned down by the other editor,
            # and the reporter asks again for the status the story gives the claim.
            with clock_at(at):
                refused = workflow.request_status_change(
                    claim, reporter, demo.rejected.to_status, demo.rejected.rationale
                )
            with clock_at(PARADE_REJECTED):
                workflow.reject(refused, editor2, demo.rejected.note)
            at = PARADE_REJECTED + 20 * MINUTE
        with clock_at(at):
            requests.append(
                (
                    workflow.request_status_change(claim, reporter, demo.status, demo.rationale),
                    demo,
                )
            )
    for n, (change, demo) in enumerate(requests):
        with clock_at(PARADE_APPROVED + 4 * n * MINUTE):
            workflow.approve(change, editor, primary_record=demo.primary_record)

    with clock_at(PARADE_SUBMITTED):
        publishing.submit_for_review(article, reporter)
    with clock_at(PARADE_PUBLISHED):
        article = publishing.publish(article, editor)
    propose_an_edit(claims, reporter)
    return article, True


def propose_an_edit(claims, reporter):
    """The next morning the reporter sharpens a verified claim's note for readers: an edit
    of reviewed content, so it waits for an editor (the desk shows it, readers do not)."""
    claim, _ = claims[0]
    claim.refresh_from_db()
    content = editing.working_content(claim)
    content["public_note"] = (
        "KCNA, North Korea’s state news agency, reported the departure and gave its date."
    )
    with clock_at(PARADE_EDITED):
        editing.edit(claim, reporter, content, seen=claim.revision)


def load_follow_up(accounts):
    existing = Article.objects.filter(slug=FOLLOW_UP.slug).first()
    if existing:
        return existing, False
    reporter = accounts["reporter"]
    article, claims = write_story(FOLLOW_UP, reporter, FOLLOW_UP_WRITTEN)
    for n, (claim, demo) in enumerate(claims):
        with clock_at(FOLLOW_UP_REQUESTED + 5 * n * MINUTE):
            workflow.request_status_change(claim, reporter, demo.status, demo.rationale)
    return article, True
