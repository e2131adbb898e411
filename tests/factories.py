"""Small factory functions for tests: each makes one valid object, overridable by keyword."""

import itertools

from django.contrib.auth.models import Group, User
from django.utils import timezone

from articles.models import Article
from claims.models import Citation, Claim, Source, StatusChange

_sequence = itertools.count(1)

BODY = (
    "North Korean leader Kim Jong Un traveled by special train from Pyongyang on Monday.\n\n"
    "South Korea's intelligence service says about 15,000 troops were sent to Russia.\n"
)


def make_user(username=None, *, groups=(), password="correct horse battery staple", **fields):
    user = User.objects.create_user(
        username=username or f"user{next(_sequence)}", password=password, **fields
    )
    if groups:
        user.groups.set(Group.objects.filter(name__in=groups))
    return user


def make_reporter(username=None, **fields):
    return make_user(username or f"reporter{next(_sequence)}", groups=["Reporters"], **fields)


def make_editor(username=None, **fields):
    return make_user(username or f"editor{next(_sequence)}", groups=["Editors"], **fields)


def make_article(*, created_by=None, **fields):
    n = next(_sequence)
    fields.setdefault("title", f"Story {n}")
    fields.setdefault("body", BODY)
    fields.setdefault("standfirst", "What we know, and how we know it.")
    fields.setdefault("byline", "Desk reporter")
    fields.setdefault("dateline", "SEOUL")
    if fields.get("status") == Article.Status.PUBLISHED:
        fields.setdefault("published_at", timezone.now())
    if fields.get("status") == Article.Status.WITHDRAWN:
        fields.setdefault("withdrawn_at", timezone.now())
        fields.setdefault("withdrawal_reason", "We could not stand by it.")
    return Article.objects.create(created_by=created_by or make_reporter(), **fields)


def make_source(name=None, **fields):
    """A source; with `affiliation`, its chain's top is recorded as claims.registry would."""
    fields.setdefault("kind", Source.Kind.NEWS_OUTLET)
    affiliation = fields.get("affiliation")
    if affiliation is not None:
        fields["affiliation_root_id"] = affiliation.affiliation_root_id or affiliation.pk
    return Source.objects.create(name=name or f"Source {next(_sequence)}", **fields)


def make_claim(article=None, *, created_by=None, cited=True, **fields):
    """A claim about words of its article's body, citing one source unless `cited=False`.

    Its status stays the default: statuses change only through the workflow (see
    `make_approved_change`).
    """
    article = article or make_article()
    fields.setdefault("statement", "Kim traveled by special train.")
    fields.setdefault("quote", "traveled by special train")
    claim = Claim.objects.create(
        article=article, created_by=created_by or article.created_by, **fields
    )
    if cited:
        make_citation(claim)
    return claim


def make_well_sourced_claim(article=None, **fields):
    """A claim that may take any status: it cites two independent origins, one of them an
    intelligence service whose assessment it records (DESIGN.md rule 12)."""
    claim = make_claim(article, **fields)
    make_citation(claim, make_source(kind=Source.Kind.INTELLIGENCE_SERVICE))
    return give_assessment(claim)


def make_citation(claim, source=None, **fields):
    return Citation.objects.create(claim=claim, source=source or make_source(), **fields)


def make_request(claim, *, requested_by=None, to_status=Claim.Status.VERIFIED, **fields):
    fields.setdefault("rationale", "Confirmed by two independent sources.")
    return StatusChange.objects.create(
        claim=claim,
        from_status=claim.status,
        to_status=to_status,
        requested_by=requested_by or make_reporter(),
        requested_at=timezone.now(),
        **fields,
    )


PRIMARY_RECORD = "Its own published record."


def make_approved_change(
    claim, to_status, *, requested_by=None, decided_by=None, primary_record=None
):
    """Move a claim to `to_status` the only way there is: a request an editor approves.

    What the rules ask of the new status is supplied when the claim lacks it: a verified
    claim on fewer than two independent origins gets a primary-record note (unless
    `primary_record` says otherwise), and an estimate the assessment of the intelligence
    service it cites (tests of the rules themselves call the workflow directly)."""
    from claims import independence, workflow

    if to_status == Claim.Status.INTELLIGENCE_ESTIMATE:
        give_assessment(claim)
    if primary_record is None and to_status == Claim.Status.VERIFIED:
        origins = [c.source for c in claim.citations.select_related("source")]
        primary_record = "" if independence.independent_origins(origins) >= 2 else PRIMARY_RECORD
    change = workflow.request_status_change(
        claim, requested_by or make_reporter(), to_status, "Checked against the record."
    )
    workflow.approve(change, decided_by or make_editor(), primary_record=primary_record or "")
    claim.refresh_from_db()
    return change


def give_assessment(claim, *, confidence=Claim.Confidence.NOT_STATED, on=None):
    """Give the claim the assessment of the first intelligence service it cites, if it has
    none (test data, written directly: on the desk it is an edit of the claim's content)."""
    claim.refresh_from_db()
    if claim.assessment_by_id:
        return claim
    service = (
        claim.citations.filter(source__kind=Source.Kind.INTELLIGENCE_SERVICE).order_by("pk").first()
    )
    if service is not None:
        claim.assessment_by_id = service.source_id
        claim.assessment_confidence = confidence
        claim.assessment_date = on or timezone.localdate()
        claim.save(update_fields=["assessment_by", "assessment_confidence", "assessment_date"])
    return claim
