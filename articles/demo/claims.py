"""The demo newsroom as data: two stories, the sources they cite and the claims in them.

`kim-beijing-parade.md` is a cleaned copy of the seed story
(`../shared/seed/kim-beijing-parade.txt`). Every item the seed gives is a claim here, with
the seed's own attribution and nothing added: each statement of its "Verified Facts" and
"Official Statements", each "Unconfirmed" item, South Korea's intelligence figures (with the
workers and deminers sent to Kursk, from "Key Takeaways"), and the denial the "Context &
Impact" section reports. The rest of that section and "Bottom Line" are the story's own
analysis, not claims it attributes to anyone.

Each claim is tagged as a fact-checker reading the seed would sign it:
- "Verified Facts" are verified when what they say is one party's own record (KCNA's
  report, China's plan, the organizers' number, Ushakov's words to TASS): verified on that
  primary record, with the approving editor's note saying so (DESIGN.md rule 12). None has
  two independent origins in the seed.
- A "Verified Fact" only an intelligence service vouches for is an intelligence estimate:
  the NIS's report of Kim's train entering China, and its expectation that Kim will get
  protocol on par with Putin's (the "NIS-protocol" claim) — the seed's own words for it are
  "the NIS anticipates".
- One "Verified Fact" names no source at all: Putin's arrival on Sunday. It is recorded
  with "no named source", which leaves it nothing to be verified on: unconfirmed.
- Seoul's figures are intelligence estimates, assessed by "South Korean intelligence" as the
  seed calls it (it names no agency and no relay for them), confidence not stated, dated
  by the story that reports them.
- "Unconfirmed" items are unconfirmed, with the source the seed gives or none; so is the
  denial, which the seed reports without a record of it.

Affiliations are the seed's own: KCNA is "North Korea's state media", the NIS "South
Korea's", TASS "Russia's", Yuri Ushakov a "Kremlin aide" for whom "Moscow says", the
organizers speak for "China", Lee Seong Kweun is one of the lawmakers the NIS briefed.
Claims that may go stale ("expected … later that day", what will happen at the parade)
carry a re-check moment at the end of that day in Beijing.

The follow-up is a draft whose claims have requests waiting for an editor. `load_demo`
turns this into rows through the desk's own code; every quote here occurs word for word in
its story (a test checks).
"""

import datetime
from dataclasses import dataclass
from pathlib import Path

from claims.models import Claim, Source

DEMO_DIR = Path(__file__).resolve().parent

VERIFIED = Claim.Status.VERIFIED
UNCONFIRMED = Claim.Status.UNCONFIRMED
ESTIMATE = Claim.Status.INTELLIGENCE_ESTIMATE
NOT_STATED = Claim.Confidence.NOT_STATED


@dataclass(frozen=True)
class DemoSource:
    name: str
    kind: str
    description: str
    affiliation: str = ""  # the name of a source listed before it
    aliases: str = ""  # one a line: the other names the seed uses for this source


@dataclass(frozen=True)
class DemoCitation:
    source: str
    via: str = ""
    detail: str = ""
    url: str = ""
    date: datetime.date | None = None


@dataclass(frozen=True)
class DemoAssessment:
    by: str
    confidence: str
    assessed_on: datetime.date


@dataclass(frozen=True)
class Rejection:
    """A request the desk turned down before the one it approved: history worth showing."""

    to_status: str
    rationale: str
    note: str


@dataclass(frozen=True)
class DemoClaim:
    statement: str
    quote: str
    status: str
    citations: tuple[DemoCitation, ...]
    rationale: str = ""
    public_note: str = ""
    rejected: Rejection | None = None
    # What the editor approving it as verified on one origin writes (rule 12).
    primary_record: str = ""
    assessment: DemoAssessment | None = None
    recheck_by: datetime.datetime | None = None
    no_named_source: bool = False


@dataclass(frozen=True)
class DemoStory:
    slug: str
    filename: str
    claims: tuple[DemoClaim, ...]
    dateline: str = "SEOUL"
    byline: str = "Newsroom staff"

    def read(self):
        """(title, standfirst, body): the file is "# Title", a standfirst paragraph, the body."""
        text = (DEMO_DIR / self.filename).read_text(encoding="utf-8")
        heading, standfirst, body = text.split("\n\n", 2)
        return heading.removeprefix("# ").strip(), standfirst.strip(), body.strip() + "\n"


# Each source after the one it is affiliated with.
SOURCES = (
    DemoSource("Government of North Korea", Source.Kind.GOVERNMENT, "Pyongyang"),
    DemoSource(
        "KCNA",
        Source.Kind.STATE_MEDIA,
        "North Korea’s state news agency",
        affiliation="Government of North Korea",
        aliases="Korean Central News Agency",
    ),
    DemoSource(
        "Government of South Korea", Source.Kind.GOVERNMENT, "Seoul", aliases="Seoul\nSouth Korea"
    ),
    DemoSource(
        "South Korea’s National Intelligence Service",
        Source.Kind.INTELLIGENCE_SERVICE,
        "the NIS",
        affiliation="Government of South Korea",
        aliases="NIS\nNational Intelligence Service\nSouth Korea’s intelligence service",
    ),
    DemoSource(
        "South Korean intelligence",
        Source.Kind.INTELLIGENCE_SERVICE,
        "as the story names it, without saying which agency",
        affiliation="Government of South Korea",
    ),
    DemoSource(
        "South Korean lawmakers",
        Source.Kind.GOVERNMENT,
        "members of the National Assembly briefed by the NIS",
    ),
    DemoSource(
        "Lee Seong Kweun",
        Source.Kind.GOVERNMENT,
        "South Korean lawmaker",
        affiliation="South Korean lawmakers",
    ),
    DemoSource("Government of Russia", Source.Kind.GOVERNMENT, "Moscow"),
    DemoSource(
        "Kremlin",
        Source.Kind.GOVERNMENT,
        "Russia’s presidential administration",
        affiliation="Government of Russia",
    ),
    DemoSource(
        "Yuri Ushakov",
        Source.Kind.OFFICIAL_SPOKESPERSON,
        "Kremlin aide",
        affiliation="Kremlin",
    ),
    DemoSource(
        "TASS",
        Source.Kind.WIRE_AGENCY,
        "Russian state news agency",
        affiliation="Government of Russia",
    ),
    DemoSource("Government of China", Source.Kind.GOVERNMENT, "Beijing"),
    DemoSource(
        "Chinese organizers",
        Source.Kind.GOVERNMENT,
        "organizing the parade for China’s government",
        affiliation="Government of China",
    ),
)

SEPT_1 = datetime.date(2025, 9, 1)
# The end of Tuesday 2 and of Wednesday 3 September in Beijing (UTC+8).
END_OF_SEPT_2_IN_BEIJING = datetime.datetime(2025, 9, 2, 16, 0, tzinfo=datetime.UTC)
END_OF_PARADE_DAY = datetime.datetime(2025, 9, 3, 16, 0, tzinfo=datetime.UTC)

NIS = "South Korea’s National Intelligence Service"
SOUTH_KOREAN_INTELLIGENCE = "South Korean intelligence"
NIS_BRIEFING = "closed-door briefing to lawmakers"
KCNA_DEPARTURE = DemoCitation("KCNA", detail="state media report of Kim’s departure", date=SEPT_1)
NIS_DIRECT = DemoCitation(NIS, detail=NIS_BRIEFING)
NIS_VIA_LEE = DemoCitation(NIS, via="Lee Seong Kweun", detail=NIS_BRIEFING)
SEOULS_FIGURES = DemoCitation(SOUTH_KOREAN_INTELLIGENCE, detail="Seoul’s latest figures")
USHAKOV_VIA_TASS = DemoCitation("Yuri Ushakov", via="TASS", detail="told Russia’s TASS news agency")
ORGANIZERS = DemoCitation("Chinese organizers", detail="announcement of the parade’s guests")
# The briefing's date in the demo's day; Seoul's figures carry the date of the story that
# reports them, since the seed gives them no earlier one.
NIS_ASSESSMENT = DemoAssessment(NIS, NOT_STATED, SEPT_1)
SEOULS_ASSESSMENT = DemoAssessment(SOUTH_KOREAN_INTELLIGENCE, NOT_STATED, SEPT_1)
FIGURES_NOTE = "South Korean intelligence figures; not independently verified."

PARADE_STORY = DemoStory(
    slug="kim-jong-un-heads-to-beijing-wwii-parade",
    filename="kim-beijing-parade.md",
    claims=(
        DemoClaim(
            statement="Kim Jong Un left Pyongyang for Beijing by special train on 1 September.",
            quote=(
                "Kim left Pyongyang by his armored “special train” on Sept. 1 to join "
                "commemorations in Beijing"
            ),
            status=VERIFIED,
            citations=(KCNA_DEPARTURE,),
            rationale="KCNA’s own report of the departure gives the date.",
            public_note="Reported by North Korea’s state news agency, which gave the date.",
            primary_record="KCNA’s own report of the departure",
        ),
        DemoClaim(
            statement="Foreign Minister Choe Son Hui is in Kim’s delegation.",
            quote=(
                "KCNA listed senior aides in his delegation, including Foreign Minister "
                "Choe Son Hui"
            ),
            status=VERIFIED,
            citations=(KCNA_DEPARTURE,),
            rationale="Named in KCNA’s report of the departure.",
            public_note="KCNA named the senior aides travelling with Kim.",
            primary_record="KCNA’s own report, which lists the delegation",
        ),
        DemoClaim(
            statement=(
                "Kim’s train crossed into China early on Tuesday and was expected to reach "
                "Beijing later that day."
            ),
            quote=(
                "Kim’s train crossed into China early Tuesday and was expected to reach Beijing "
                "later that day"
            ),
            status=ESTIMATE,
            citations=(NIS_DIRECT,),
            rationale="Only the NIS says where the train was, in its briefing to lawmakers.",
            public_note="The NIS’s account; nobody outside it has confirmed where the train was.",
            assessment=NIS_ASSESSMENT,
            recheck_by=END_OF_SEPT_2_IN_BEIJING,
        ),
        DemoClaim(
            statement="The NIS expects Kim to receive protocol on par with Putin’s in Beijing.",
            quote="the NIS anticipates he will receive special protocol on par with Putin",
            status=ESTIMATE,
            citations=(NIS_VIA_LEE,),
            rationale="The NIS’s expectation, as lawmaker Lee Seong Kweun relayed it.",
            public_note="An NIS expectation relayed by a lawmaker who attended its briefing.",
            assessment=NIS_ASSESSMENT,
            recheck_by=END_OF_PARADE_DAY,
        ),
        DemoClaim(
            statement=(
                "China plans a large-scale military parade on Wednesday for the 80th "
                "anniversary of the end of World War II."
            ),
            quote=(
                "China plans a large-scale military display on Wednesday to mark the 80th "
                "anniversary of the end of World War II"
            ),
            status=VERIFIED,
            citations=(
                DemoCitation("Government of China", detail="its announcement of the parade"),
            ),
            rationale="The parade is China’s own plan, which it announced.",
            public_note="China’s own plan, as it announced it.",
            primary_record="China’s own announcement of its parade",
        ),
        DemoClaim(
            statement="Chinese organizers say 26 world leaders will watch the parade with Xi.",
            quote=(
                "Chinese organizers say 26 world leaders will observe the event with Xi in Beijing"
            ),
            status=VERIFIED,
            citations=(ORGANIZERS,),
            rationale="The organizers announced the number themselves.",
            public_note=(
                "The number is the organizers’ own: we verified that they gave it, not who "
                "will come."
            ),
            primary_record="The organizers’ own announcement of the guests",
        ),
        DemoClaim(
            statement=(
                "Kremlin aide Yuri Ushakov says a Putin–Kim meeting in China is under "
                "consideration."
            ),
            quote="a Putin–Kim meeting in China is “under consideration.”",
            status=VERIFIED,
            citations=(USHAKOV_VIA_TASS,),
            rationale="Ushakov’s words as TASS carried them.",
            public_note=(
                "We verified that the Kremlin aide said this; the meeting itself is not confirmed."
            ),
            primary_record="Ushakov’s own words, as TASS published them",
        ),
        DemoClaim(
            statement="Putin arrived in China on Sunday, 31 August.",
            quote=(
                "Putin arrived in China on Sunday for both the parade and meetings linked to "
                "the Shanghai Cooperation Organization"
            ),
            status=UNCONFIRMED,
            citations=(),
            no_named_source=True,
            public_note="The story names no source for this, so we have not marked it verified.",
        ),
        DemoClaim(
            statement=(
                "KCNA published photos of Kim inspecting a missile research institute and a new "
                "weapons factory."
            ),
            quote=(
                "KCNA separately published photos showing Kim inspecting a missile research "
                "institute on Sept. 1 and a new weapons factory on Aug. 31"
            ),
            status=VERIFIED,
            citations=(DemoCitation("KCNA", detail="photos distributed by state media"),),
            rationale="The photos are on KCNA’s own service.",
            public_note=(
                "Verified that KCNA published the photos; what they show cannot be "
                "independently verified."
            ),
            primary_record="KCNA’s own published photos",
        ),
        DemoClaim(
            statement="North Korea has sent about 15,000 troops to Russia since last fall.",
            quote="about 15,000 North Korean troops sent since last fall",
            status=ESTIMATE,
            citations=(SEOULS_FIGURES,),
            rationale="Seoul’s figure; the story calls it a South Korean intelligence estimate.",
            public_note=FIGURES_NOTE,
            assessment=SEOULS_ASSESSMENT,
            rejected=Rejection(
                to_status=VERIFIED,
                rationale="The figure has been widely reported.",
                note=(
                    "Every report goes back to South Korean intelligence: repeating it does not "
                    "verify it. Ask for an intelligence estimate."
                ),
            ),
        ),
        DemoClaim(
            statement="About 2,000 North Korean soldiers have been killed fighting for Russia.",
            quote="roughly 2,000 killed",
            status=ESTIMATE,
            citations=(SEOULS_FIGURES,),
            rationale="Seoul’s figure, from the same assessment.",
            public_note=FIGURES_NOTE,
            assessment=SEOULS_ASSESSMENT,
        ),
        DemoClaim(
            statement=(
                "Some North Korean construction workers and deminers have deployed to Russia’s "
                "Kursk region."
            ),
            quote=(
                "it also says some construction workers and deminers have deployed to Russia’s "
                "Kursk region"
            ),
            status=ESTIMATE,
            citations=(SEOULS_FIGURES,),
            rationale="Seoul says so in the same assessment; nobody else does.",
            public_note=FIGURES_NOTE,
            assessment=SEOULS_ASSESSMENT,
        ),
        DemoClaim(
            statement="North Korea and Russia deny violating U.N. sanctions.",
            quote="North Korea and Russia deny violating U.N. sanctions",
            status=UNCONFIRMED,
            citations=(
                DemoCitation("Government of North Korea", detail="its denial"),
                DemoCitation("Government of Russia", detail="its denial"),
            ),
            public_note="The story reports both denials; we have not seen either statement.",
        ),
        DemoClaim(
            statement="Xi, Putin and Kim will hold a private three-way meeting.",
            quote="Any private trilateral meeting among Xi, Putin and Kim.",
            status=UNCONFIRMED,
            citations=(),
            no_named_source=True,
            public_note=(
                "Nobody has said this will happen; Seoul expects Kim to seek bilateral talks."
            ),
        ),
        DemoClaim(
            statement="Kim will appear with Xi and Putin on the Tiananmen rostrum at the parade.",
            quote="Kim’s final parade seating/rostrum placement and detailed schedule.",
            status=UNCONFIRMED,
            citations=(NIS_VIA_LEE,),
            public_note="The NIS says he could; nobody has confirmed where he will stand.",
            recheck_by=END_OF_PARADE_DAY,
        ),
        DemoClaim(
            statement="New agreements or arms deals will come out of side meetings in Beijing.",
            quote=(
                "Specifics of any new agreements or arms-related arrangements that might be "
                "discussed during side meetings."
            ),
            status=UNCONFIRMED,
            citations=(),
            no_named_source=True,
            public_note="The story names no source for this, and no agreement has been announced.",
        ),
    ),
)

# A draft: its claims' statuses are still unconfirmed, each with a request to decide. The
# verified ones rest on one origin each: the editor who approves them is asked for a
# primary-record note.
FOLLOW_UP = DemoStory(
    slug="kim-could-join-xi-and-putin-on-tiananmen-rostrum",
    filename="kim-rostrum-follow-up.md",
    claims=(
        DemoClaim(
            statement="Kim could appear with Xi and Putin on the Tiananmen Square rostrum.",
            quote=(
                "could appear with Chinese President Xi Jinping and Russian President Vladimir "
                "Putin on the Tiananmen Square rostrum"
            ),
            status=ESTIMATE,
            citations=(NIS_VIA_LEE,),
            rationale="This is the NIS’s expectation; only the NIS and the lawmakers say so.",
            assessment=NIS_ASSESSMENT,
            recheck_by=END_OF_PARADE_DAY,
        ),
        DemoClaim(
            statement="Chinese organizers say 26 world leaders will watch the parade with Xi.",
            quote="Chinese organizers say 26 world leaders will observe the parade with Xi",
            status=VERIFIED,
            citations=(ORGANIZERS,),
            rationale="The organizers announced the number themselves.",
        ),
        DemoClaim(
            statement=(
                "Kremlin aide Yuri Ushakov says a Putin–Kim meeting in China is under "
                "consideration."
            ),
            quote="a Putin–Kim meeting in China is “under consideration.”",
            status=VERIFIED,
            citations=(USHAKOV_VIA_TASS,),
            rationale="Ushakov’s words as TASS carried them.",
        ),
    ),
)
