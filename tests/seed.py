"""The seed story reporters paste (`../shared/seed/kim-beijing-parade.txt`).

The repository keeps a copy beside the demo (`articles/demo/kim-beijing-parade.seed.txt`),
so that the tests run on any clean checkout; where the shared original is at hand, the
suggestions bench reads it and says if the copy has drifted from it.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPY = ROOT / "articles" / "demo" / "kim-beijing-parade.seed.txt"
SHARED = ROOT.parent / "shared" / "seed" / "kim-beijing-parade.txt"


def seed_text(*, shared_if_present=False):
    """The seed's text: the repository's copy, or with `shared_if_present` the shared
    original when this checkout sits beside it (the bench reads that one)."""
    place = SHARED if shared_if_present and SHARED.exists() else COPY
    return place.read_text(encoding="utf-8")
