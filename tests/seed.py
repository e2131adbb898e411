"""The seed story reporters paste, read from shared/ beside the repository."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_NAME = Path("seed") / "kim-beijing-parade.txt"
# ../shared/seed/… from the repository's root; the workplace's own copy otherwise.
SEED_PLACES = (ROOT.parent / "shared" / SEED_NAME, Path("/work/shared") / SEED_NAME)


def seed_text():
    for place in SEED_PLACES:
        if place.exists():
            return place.read_text(encoding="utf-8")
    raise FileNotFoundError(f"The seed story is not at {' or '.join(map(str, SEED_PLACES))}.")
