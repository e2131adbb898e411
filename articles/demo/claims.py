"""The demo newsroom as data: two stories, the sources they cite and the claims in them.

`kim-beijing-parade.md` is a cleaned copy of the seed story; each of its claims is tagged
as the story tags it (its "Verified Facts" verified, its "Unconfirmed" items unconfirmed,
the NIS troop and casualty figures intelligence estimates). The follow-up is a draft whose
claims have requests waiting for an editor. `load_demo` turns this into rows through the
desk's own workflow; every quote here occurs word for word in its story (a test checks).
"""

import datetime
from dataclasses import dataclass
from pathlib import Path

from claims.models import Claim, Source

DEMO_DIR = Path(__file__).resolve().parent

VERIFIED = Claim.Status.VERIFIED
UNCONFIRMED = Claim.Status.UNCONFIRMED
ESTIMATE = Claim.Status.INTELLIGENCE_ESTIMATE


@dataclass(frozen=True)
class DemoSource:
    name: str
    kind: str
    description: str
    aliases: str = ""  # one a line: the other names the seed uses for this source


@dataclass(frozen=True)
class DemoCitation:
    source: str
    via: str = ""
    detail: str = ""
    url: str = ""
    date: datetime.date | None = None


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


SOURCES = (
    DemoSource(
        "KCNA",
        Source.Kind.STATE_MEDIA,
        "North Korea’s state news agency",
        aliases="Korean Central News Agency",
    ),
    DemoSource(
        "National Intelligence Service",
        Source.Kind.INTELLIGENCE_SERVICE,
        "South Korea’s spy agency",
        aliases="NIS\nSouth Korea’s intelligence service\nSouth Korean intelligence",
    ),
    DemoSource("Lee Seong Kweun", Source.Kind.GOVERNMENT, "South Korean lawmaker"),
    DemoSource(
        "South Korean lawmakers",
        Source.Kind.GOVERNMENT,
        "members of the National Assembly briefed by the NIS",
    ),
    DemoSource(
        "Government of South Korea", Source.Kind.GOVERNMENT, "Seoul", aliases="Seoul\nSouth Korea"
    ),
    DemoSource("Yuri Ushakov", Source.Kind.OFFICIAL_SPOKESPERSON, "Kremlin aide"),
    DemoSource("TASS", Source.Kind.WIRE_AGENCY, "Russian state news agency"),
    DemoSource(
        "Chinese organizers",
        Source.Kind.GOVERNMENT,
        "organizing the parade for China’s government",
    ),
)

SEPT_1 = datetime.date(2025, 9, 1)
NIS_BRIEFING = "closed-door briefing to lawmakers"
KCNA_DEPARTURE = DemoCitation("KCNA", detail="state media report of Kim’s departure", date=SEPT_1)
NIS_VIA_LAWMAKERS = DemoCitation(
    "National Intelligence Service", via="South Korean lawmakers", detail=NIS_BRIEFING
)
NIS_VIA_LEE = DemoCitation(
    "National Intelligence Service", via="Lee Seong Kweun", detail=NIS_BRIEFING
)
USHAKOV_VIA_TASS = DemoCitation("Yuri Ushakov", via="TASS", detail="told Russia’s TASS news agency")
ORGANIZERS = DemoCitation("Chinese organizers", detail="announcement of the parade’s guests")
SEOUL = DemoCitation("Government of South Korea", detail="Seoul’s expectations for the trip")

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
            rationale="KCNA’s own report gives the date, and the NIS tracked the train into China.",
            public_note="Reported by North Korea’s state news agency, which gave the date.",
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
        ),
        DemoClaim(
            statement="The NIS expects Kim to receive protocol on par with Putin’s in Beijing.",
            quote="the NIS anticipates he will receive special protocol on par with Putin",
            status=ESTIMATE,
            citations=(NIS_VIA_LEE,),
            rationale="The NIS’s expectation, as lawmaker Lee Seong Kweun relayed it.",
            public_note="An NIS expectation relayed by a lawmaker who attended its briefing.",
        ),
        DemoClaim(
            statement="26 foreign leaders will attend the Beijing parade.",
            quote=(
                "Chinese organizers say 26 world leaders will observe the event with Xi in Beijing"
            ),
            status=VERIFIED,
            citations=(ORGANIZERS,),
            rationale="Announced by the parade’s organizers.",
            public_note="The number comes from the organizers of the parade.",
        ),
        DemoClaim(
            statement="The Kremlin says a Putin–Kim meeting in China is under consideration.",
            quote="a Putin–Kim meeting in China is “under consideration.”",
            status=VERIFIED,
            citations=(USHAKOV_VIA_TASS,),
            rationale="Ushakov’s words as TASS carried them.",
            public_note=(
                "We verified that the Kremlin aide said this; the meeting itself is not confirmed."
            ),
        ),
        DemoClaim(
            statement="Putin arrived in China on Sunday, 31 August.",
            quote=(
                "Putin arrived in China on Sunday for both the parade and meetings linked to "
                "the Shanghai Cooperation Organization"
            ),
            status=VERIFIED,
            citations=(DemoCitation("TASS", detail="report of Putin’s arrival in China"),),
            rationale="Reported by TASS on the day.",
            public_note="Reported by Russia’s state news agency.",
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
        ),
        DemoClaim(
            statement="North Korea has sent about 15,000 troops to Russia since last fall.",
            quote="about 15,000 North Korean troops sent since last fall",
            status=ESTIMATE,
            citations=(NIS_VIA_LAWMAKERS,),
            rationale="The NIS’s figure from its closed-door briefing to lawmakers.",
            public_note="South Korean intelligence figures; not independently verified.",
            rejected=Rejection(
                to_status=VERIFIED,
                rationale="The figure has been widely reported.",
                note=(
                    "Every report goes back to the NIS: repeating it does not verify it. "
                    "Ask for an intelligence estimate."
                ),
            ),
        ),
        DemoClaim(
            statement="About 2,000 North Korean soldiers have been killed fighting for Russia.",
            quote="roughly 2,000 killed",
            status=ESTIMATE,
            citations=(NIS_VIA_LAWMAKERS,),
            rationale="The NIS’s figure from the same briefing.",
            public_note="South Korean intelligence figures; not independently verified.",
        ),
        DemoClaim(
            statement="Xi, Putin and Kim will hold a private three-way meeting.",
            quote="Any private trilateral meeting among Xi, Putin and Kim.",
            status=UNCONFIRMED,
            citations=(SEOUL,),
            public_note="Seoul expects bilateral talks; no one has confirmed a three-way meeting.",
        ),
        DemoClaim(
            statement="Kim will stand on the Tiananmen rostrum with Xi and Putin.",
            quote="Kim’s final parade seating/rostrum placement and detailed schedule.",
            status=UNCONFIRMED,
            citations=(NIS_VIA_LEE,),
            public_note="The NIS says he could; nobody has confirmed where he will stand.",
        ),
        DemoClaim(
            statement="New agreements or arms deals will come out of side meetings in Beijing.",
            quote=(
                "Specifics of any new agreements or arms-related arrangements that might be "
                "discussed during side meetings."
            ),
            status=UNCONFIRMED,
            citations=(SEOUL, USHAKOV_VIA_TASS),
            public_note="No agreement has been announced.",
        ),
    ),
)

# A draft: its claims' statuses are still unconfirmed, each with a request to decide.
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
        ),
        DemoClaim(
            statement="26 world leaders will watch the parade with Xi.",
            quote="Chinese organizers say 26 world leaders will observe the parade with Xi",
            status=VERIFIED,
            citations=(ORGANIZERS,),
            rationale="The organizers announced the number themselves.",
        ),
        DemoClaim(
            statement="The Kremlin says a Putin–Kim meeting in China is under consideration.",
            quote="a Putin–Kim meeting in China is “under consideration.”",
            status=VERIFIED,
            citations=(USHAKOV_VIA_TASS,),
            rationale="Ushakov’s words as TASS carried them.",
        ),
    ),
)
