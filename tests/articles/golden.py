"""One published story that uses every part of the story page, built the way the desk builds
it and at fixed moments, so that its page is the same bytes on every run and every database.

`tests/articles/golden/story.html` holds that page. It changes only on purpose: run

    .venv/bin/pytest tests/articles/test_story_golden.py --regenerate-golden

review the difference (`git diff tests/articles/golden/`) and commit it with the change
that made it.
"""

import datetime
import re
from pathlib import Path

from articles import publishing, revisions
from articles.models import Article
from claims import editing, workflow
from claims.content import assessment_entry, citation_entry, content_of, moment
from claims.models import Claim, Source
from tests.articles.reader_helpers import HOSTILE, clock, utc
from tests.factories import make_editor, make_reporter

GOLDEN = Path(__file__).resolve().parent / "golden" / "story.html"
SLUG = "golden-story"
VERIFIED, UNCONFIRMED, ESTIMATE = Claim.Status

BODY = """\
North Korea's leader *arrived in Beijing by special train* on Tuesday, state media said.

## The parade

Officials said **about 15,000 troops** had been sent abroad, and that the talks were
“under consideration” according to [the Kremlin's aide](https://example.com/ushakov).

> The leader’s daughter travelled with him, a lawmaker said.

- Kim met Xi Jinping before the parade.
- Kim met Vladimir Putin after the parade.

Officials said the talks were under consideration. Others said nothing at all & left.
"""


def _content(
    statement, quote, citations, *, note="", prefix="", suffix="", assessment=None, recheck=None
):
    return {
        "statement": statement,
        "quote": quote,
        "quote_prefix": prefix,
        "quote_suffix": suffix,
        "public_note": note,
        "citations": citations,
        "assessment": assessment,
        "recheck_by": moment(recheck),
        "no_named_source": False,
    }


class GoldenStory:
    """The story, its people and sources, and its claims by name."""

    def __init__(self):
        self.reporter = make_reporter("golden-reporter")
        self.editor = make_editor("golden-editor")
        self.second_editor = make_editor("golden-editor2")
        self.claims = {}
        self.sources = {}
        with clock(utc(2025, 9, 1, 7, 0)):
            self._sources()
            self.article = revisions.create(
                self.reporter,
                {
                    "title": "Kim, Xi & Putin: what we know about the “parade” trip",
                    "standfirst": "Three leaders, one parade, and what each source said.",
                    "body": BODY,
                    "byline": "Desk reporter",
                    "dateline": "BEIJING",
                },
                slug=SLUG,
            )
        with clock(utc(2025, 9, 1, 7, 30)):
            self._claims_before_publication()
        with clock(utc(2025, 9, 1, 8, 0)):
            self.move("train", VERIFIED)
            self.move("troops", ESTIMATE)
        with clock(utc(2025, 9, 1, 9, 0)):
            publishing.publish(self.article, self.editor)
        self._after_publication()
        self.article = Article.objects.get(pk=self.article.pk)

    def _sources(self):
        for name, kind, about in [
            ("KCNA", Source.Kind.STATE_MEDIA, "North Korea's state news agency"),
            ("NIS", Source.Kind.INTELLIGENCE_SERVICE, "South Korea's spy agency"),
            ("Lee Seong Kweun", Source.Kind.GOVERNMENT, "South Korean lawmaker"),
            ("Yuri Ushakov", Source.Kind.OFFICIAL_SPOKESPERSON, "Kremlin aide"),
            ("TASS", Source.Kind.WIRE_AGENCY, ""),
            ("Xinhua", Source.Kind.STATE_MEDIA, "China's state news agency"),
            (f"Source {HOSTILE}", Source.Kind.OTHER, f"About {HOSTILE}"),
        ]:
            self.sources[name.split()[0]] = Source.objects.create(
                name=name, kind=kind, description=about
            )

    def _log(self, name, content):
        self.claims[name] = editing.log_claim(self.article, self.reporter, content)

    def _claims_before_publication(self):
        s = self.sources
        self._log(
            "train",
            _content(
                "Kim arrived in Beijing by special train.",
                "arrived in Beijing by special train",
                [
                    citation_entry(s["KCNA"], detail="morning bulletin"),
                    citation_entry(
                        s["Xinhua"],
                        url="https://example.com/xinhua?a=1&b=2",
                        date=datetime.date(2025, 9, 2),
                        quoted_text="arrived by train",
                    ),
                ],
                note="Both reports agree on the train.",
            ),
        )
        self._log(
            "troops",
            _content(
                "About 15,000 troops were sent abroad.",
                "about 15,000 troops had been sent abroad",
                [citation_entry(s["NIS"], s["Lee"], detail="closed-door briefing")],
                assessment=assessment_entry(s["NIS"], "moderate", datetime.date(2025, 8, 30)),
                # Long past when the golden page is rendered: it reads "as of" then.
                recheck=utc(2025, 9, 1, 12, 0),
            ),
        )
        self._log(
            "talks",
            _content(
                "Putin–Kim talks are under consideration.",
                "the talks were under consideration",
                [citation_entry(s["Yuri"], s["TASS"], url="javascript:alert(1)")],
                prefix="Officials said",
                suffix="Others",
            ),
        )
        self._log(
            "overlap",
            _content(
                "The talks are in doubt.",
                "sent abroad, and that the talks were “under consideration” according to the "
                "Kremlin's aide",
                [citation_entry(s["Yuri"])],
            ),
        )
        self._log(
            "daughter",
            _content(
                "His daughter travelled with him.",
                "daughter travelled with him",
                [citation_entry(s["Lee"]), citation_entry(s["Source"], detail=HOSTILE)],
                note=f"Note {HOSTILE}",
            ),
        )
        self._log(
            "xi",
            _content(
                "Kim met Xi before the parade.",
                "Kim met Xi Jinping",
                [citation_entry(s["Xinhua"], quoted_text="“a warm meeting”")],
            ),
        )

    def move(self, name, status, primary_record=""):
        claim = Claim.objects.get(pk=self.claims[name].pk)
        change = workflow.request_status_change(claim, self.reporter, status, "Checked.")
        workflow.approve(change, self.editor, primary_record=primary_record)
        self.claims[name] = Claim.objects.get(pk=claim.pk)

    def _after_publication(self):
        with clock(utc(2025, 9, 2, 14, 10)):
            self.move("talks", VERIFIED, primary_record="His words, as TASS carried them")
        with clock(utc(2025, 9, 3, 9, 5)):
            self.edit_claim("daughter", statement="His daughter went too.")
            self.approve_claim("daughter", "We named the source.")
        with clock(utc(2025, 9, 4, 10, 0)):
            self.add_claim(
                "putin",
                _content(
                    "Kim met Putin after the parade.",
                    "Kim met Vladimir Putin",
                    [citation_entry(self.sources["TASS"])],
                ),
            )
            self.approve_claim("putin", "We added a claim.")
        with clock(utc(2025, 9, 5, 11, 0)):
            self.correct_text("We corrected the standfirst.", standfirst="Three leaders, one day.")

    # Changes the tests make, each the way the desk makes it.

    def edit_claim(self, name, **changes):
        claim = Claim.objects.get(pk=self.claims[name].pk)
        content = {**content_of(claim), **changes}
        editing.edit(claim, self.reporter, content, seen=claim.revision)

    def approve_claim(self, name, note):
        claim = Claim.objects.get(pk=self.claims[name].pk)
        pending = claim.revisions.pending().get()
        editing.approve(pending, self.second_editor, seen=claim.revision, public_note=note)
        self.claims[name] = Claim.objects.get(pk=claim.pk)

    def add_claim(self, name, content):
        self._log(name, content)

    def correct_text(self, note, **changes):
        article = Article.objects.get(pk=self.article.pk)
        text = {**revisions.text_of(article), **changes}
        proposal = revisions.edit(article, self.reporter, text, seen=article.revision)
        article.refresh_from_db()
        revisions.approve(proposal, self.second_editor, seen=article.revision, public_note=note)
        self.article = Article.objects.get(pk=article.pk)


def normalized(page, story):
    """The page with each claim's database id replaced by its name: ids differ between runs
    (sequences are not reset between tests), names do not."""
    names = {str(claim.pk): name for name, claim in story.claims.items()}
    return re.sub(r"claim-(\d+)", lambda m: f"claim-{names.get(m[1], m[1])}", page)
