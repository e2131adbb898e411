"""A generated published story the size the benchmark asks for: 60 claims × 4 citations.

Everything goes through the same code the newsroom uses: claims and citations as the desk
saves them, statuses through requests an editor approves, publication through the gate,
and a few approved changes after publication so the story has updates to list.

`copies` makes stories no process has rendered yet (a cold page over HTTP, where the bench
cannot empty a server's caches), and `change_one_claim` the usual change to a live story.
"""

import datetime
import itertools

from django.contrib.auth.models import Group, User

from articles import publishing, revisions
from articles.models import Article
from claims import editing, registry, rules, workflow
from claims.content import assessment_entry, citation_entry, moment
from claims.models import Citation, Claim, Source, StatusChange

SLUG = "bench-generated-story"
ASSESSED_ON = datetime.date(2025, 9, 1)
RECHECK_BY = datetime.datetime(2100, 1, 1, tzinfo=datetime.UTC)

# Affiliations as the desk records them: Ushakov and TASS speak for the Kremlin, whose name
# the reader's claims.json shows beside theirs (the loader's joined query reads it).
KREMLIN = ("Kremlin", Source.Kind.GOVERNMENT, "Russia's presidential administration")
AFFILIATED = {"Yuri Ushakov": "Kremlin", "TASS": "Kremlin"}
SOURCES = [
    ("KCNA", Source.Kind.STATE_MEDIA, "North Korea's state news agency"),
    ("National Intelligence Service", Source.Kind.INTELLIGENCE_SERVICE, "South Korea's spy agency"),
    ("Lee Seong Kweun", Source.Kind.GOVERNMENT, "South Korean lawmaker"),
    ("Yuri Ushakov", Source.Kind.OFFICIAL_SPOKESPERSON, "Kremlin aide"),
    ("TASS", Source.Kind.WIRE_AGENCY, "Russian state news agency"),
    ("Xinhua", Source.Kind.STATE_MEDIA, "China's state news agency"),
    ("Yonhap", Source.Kind.WIRE_AGENCY, "South Korean news agency"),
    ("Reuters", Source.Kind.WIRE_AGENCY, ""),
    ("Ministry of Unification", Source.Kind.GOVERNMENT, "South Korea"),
    ("Satellite imagery analysis", Source.Kind.DOCUMENT, "commercial imagery"),
    ("Chinese organizers", Source.Kind.GOVERNMENT, "of the Beijing commemorations"),
    ("Park Won-gon", Source.Kind.EXPERT, "North Korea scholar"),
]

# Each sentence carries one claim (the quoted words after the bar); {n} keeps quotes unique.
SENTENCES = [
    "Officials said | convoy {n} crossed the border | near Dandong before dawn",
    "The agency reported that | delegation member {n} met counterparts | in the capital",
    "Lawmakers were told that | about {n},000 workers had been sent abroad | last year",
    "According to the aide, | meeting {n} is “under consideration” | for later this week",
    "Images published on | day {n} showed a *new launcher* | at the coastal site",
    "Organizers said | leader {n} would watch the parade | from the rostrum",
]
FILLER = (
    "The visit is being watched closely in Seoul, Tokyo and Washington, where officials have "
    "long worried about closer coordination among the three governments."
)


def _users():
    reporter, _ = User.objects.get_or_create(username="bench-reporter")
    editor, _ = User.objects.get_or_create(username="bench-editor")
    second_editor, _ = User.objects.get_or_create(username="bench-editor2")
    reporter.groups.add(Group.objects.get(name="Reporters"))
    for user in (editor, second_editor):
        user.groups.add(Group.objects.get(name="Editors"))
    return reporter, editor, second_editor


def move(claim, status, reporter, editor):
    """Approve `status` for `claim` as an editor would. Verifying a claim short of two
    independent origins takes the editor's primary-record note (DESIGN.md rule 12): the
    generated claims are about what their sources said."""
    change = workflow.request_status_change(claim, reporter, status, "Checked for the benchmark.")
    on_the_record = rules.standing_problems(claim, status=status, primary_record="")
    note = "Its source's own report." if status == Claim.Status.VERIFIED and on_the_record else ""
    workflow.approve(change, editor, primary_record=note)


def _source(reporter, name, kind, about, registered):
    affiliation = registered.get(AFFILIATED.get(name))
    return Source.objects.named(name) or registry.add(
        reporter, name=name, kind=kind, description=about, affiliation=affiliation
    )


def generate(n_claims=60, citations_per_claim=4):
    """Create the benchmark's published story (in a fresh database); return it."""
    reporter, editor, second_editor = _users()
    registered = {KREMLIN[0]: _source(reporter, *KREMLIN, {})}
    sources = [_source(reporter, *source, registered) for source in SOURCES]
    nis = sources[1]

    paragraphs, quotes = [], []
    for n in range(n_claims):
        before, quoted, after = SENTENCES[n % len(SENTENCES)].format(n=n + 1).split(" | ")
        quotes.append(quoted.replace("*", ""))  # the words as read, without the emphasis
        text = f"{before} {quoted} {after}."
        if n % 3 == 2:
            paragraphs.append(f"{text} {FILLER}")
        else:
            paragraphs.append(text)
        if n % 10 == 9:
            paragraphs.append(f"## Part {n // 10 + 1}")
    body = "\n\n".join(paragraphs)

    text = {
        "title": "Benchmark: Kim, Xi and Putin at the Beijing parade, claim by claim",
        "standfirst": "A generated story as long as an investigation: 60 claims, 4 sources each.",
        "body": body,
        "byline": "Benchmark desk",
        "dateline": "SEOUL",
    }
    article = revisions.create(reporter, text, slug=SLUG)
    statuses = itertools.cycle(list(Claim.Status))
    cycle = itertools.cycle(sources)
    for n, quote in enumerate(quotes):
        status = next(statuses)
        cited = [nis] if status == Claim.Status.INTELLIGENCE_ESTIMATE else []
        while len(cited) < citations_per_claim:
            source = next(cycle)
            if source not in cited:
                cited.append(source)
        citations = []
        for i, source in enumerate(cited):
            relay = sources[2] if source == nis else sources[4]
            via = relay if (source == nis or i == 3) and relay != source else None
            citations.append(citation_entry(source, via, detail="reported on the day"))
        claim = editing.log_claim(
            article,
            reporter,
            {
                "statement": f"Claim {n + 1}: {quote.replace('“', '').replace('”', '')}.",
                "quote": quote,
                "quote_prefix": "",
                "quote_suffix": "",
                "public_note": "Generated for the benchmark." if n % 2 else "",
                "citations": citations,
                # An estimate carries the assessment of the service it cites (rule 12).
                "assessment": assessment_entry(nis, "not_stated", ASSESSED_ON)
                if status == Claim.Status.INTELLIGENCE_ESTIMATE
                else None,
                # Some claims are due for a re-check long after the benchmark runs.
                "recheck_by": moment(RECHECK_BY) if n % 5 == 0 else None,
                "no_named_source": False,
            },
        )
        if status != Claim.Status.UNCONFIRMED:
            move(claim, status, reporter, editor)
    publishing.publish(article, editor)
    # A few changes after publication: the story's updates.
    for claim in article.claims.filter(status=Claim.Status.UNCONFIRMED)[:5]:
        move(claim, Claim.Status.VERIFIED, reporter, second_editor)
    return Article.objects.get(pk=article.pk)


def copies(article, n):
    """`n` copies of the story, each its own article with its own claims, citations and
    approved status changes (rows copied as they are, no revisions), its body starting
    with its own words so that no cache of any process holds any part of its page."""
    made = []
    for i in range(1, n + 1):
        copy = Article.objects.get(pk=article.pk)
        copy.pk = None
        copy.slug = f"{article.slug}-copy-{i}"
        copy.body = f"Copy {i} of the benchmark's story.\n\n{article.body}"
        Article.objects.bulk_create([copy])
        claims = list(article.claims.live().order_by("pk"))
        old = [claim.pk for claim in claims]
        for claim in claims:
            claim.pk, claim.article = None, copy
        new = dict(zip(old, Claim.objects.bulk_create(claims), strict=True))
        for model in (Citation, StatusChange):
            rows = list(model.objects.filter(claim__in=old).order_by("pk"))
            if model is StatusChange:
                rows = [row for row in rows if row.state == StatusChange.State.APPROVED]
            for row in rows:
                row.pk, row.claim = None, new[row.claim_id]
            model.objects.bulk_create(rows)
        made.append(copy)
    return made


def change_one_claim(article, n):
    """The `n`th one-claim change to the story: a claim's status approved by an editor,
    unconfirmed to verified or back. Returns the claim and its new status."""
    reporter, editor, _ = _users()
    claims = list(article.claims.live().order_by("position", "pk"))
    claim = claims[n % len(claims)]
    status = (
        Claim.Status.VERIFIED
        if claim.status == Claim.Status.UNCONFIRMED
        else Claim.Status.UNCONFIRMED
    )
    move(claim, status, reporter, editor)
    return claim, status
