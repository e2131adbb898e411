"""What a careless, curious or hostile client can send, as Hypothesis strategies, and how it
is sent: form bodies and query strings encoded by hand, so that lone surrogates (invalid
UTF-8 on the wire), NUL bytes, repeated and missing fields reach the server as they would.
"""

from urllib.parse import quote

from django.utils.html import escape
from hypothesis import strategies as st

from articles.models import Article, ArticleRevision
from claims.models import Citation, Claim, ClaimRevision, Source, StatusChange

MEGABYTE = 1 << 20

# Digits that int() reads but a URL converter does not, signs, exponents, overflow.
NUMBER_LIKE = [
    "",
    "0",
    "-1",
    "1.5",
    "1e3",
    "NaN",
    "١",
    "٣٢",
    "１",
    "²",
    "𝟙",
    " 1 ",
    "9" * 30,
    "0x1F",
    "1\x00",
]
NASTY = [
    "\x00",
    "a\x00b",
    "\ufeff",
    "\u202e",
    "\r\n",
    "<script>alert(1)</script>",
    "\"'><img src=x onerror=alert(1)>",
    "{{ request }}",
    "%s%n",
    "../../etc/passwd",
    "//evil.example/",
    "javascript:alert(1)",
    "http://",
    "https://example.org/" + "a" * 300,
    " ",
]


def lone_surrogates():
    return st.text(st.characters(categories=["Cs"]), min_size=1, max_size=3)


def huge():
    """About a megabyte (and just past the longest limit) of one character, NUL included."""
    return st.builds(
        lambda char, size: char * size,
        st.sampled_from(["a", "é", "\x00", " "]),
        st.sampled_from([100_001, MEGABYTE]),
    )


# Characters that have broken web apps, drawn often among arbitrary ones.
TROUBLE = "\x00١٣１²\u202e\ufeff<>&\"'%\\é😀\r\n "


def values(valid=()):
    """A value for any field: plausible ones (`valid`), numbers that are not quite numbers,
    arbitrary unicode, lone surrogates, NUL, markup, and very long strings."""
    return st.one_of(
        st.sampled_from(valid or NUMBER_LIKE),
        st.sampled_from(NUMBER_LIKE),
        st.sampled_from(NASTY),
        st.text(st.sampled_from(TROUBLE) | st.characters(), max_size=30),
        lone_surrogates(),
        huge(),
    )


def fields(spec):
    """A submission of the fields in `spec` ({name: valid values}): each left out, sent once
    or sent twice (Django reads the last), plus now and then a field nobody asked for."""

    def occurrences(name, choices):
        return st.lists(values(choices), min_size=0, max_size=2).map(
            lambda sent: [(name, value) for value in sent]
        )

    return st.tuples(
        *(occurrences(name, choices) for name, choices in spec.items()),
        st.lists(st.tuples(st.sampled_from(["x", "", "\x00", "é"]), values()), max_size=1),
    ).map(lambda groups: [pair for group in groups for pair in group])


def encoded(pairs):
    """application/x-www-form-urlencoded bytes; lone surrogates go out as the invalid UTF-8
    a broken client would send."""

    def part(text):
        return quote(text, safe="", encoding="utf-8", errors="surrogatepass")

    return "&".join(f"{part(name)}={part(value)}" for name, value in pairs)


def post(client, url, pairs, *, htmx=False):
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(
        url,
        data=encoded(pairs).encode("ascii"),
        content_type="application/x-www-form-urlencoded",
        headers=headers,
    )


def get(client, url, pairs, *, htmx=False):
    headers = {"HX-Request": "true"} if htmx else {}
    return client.get(url, QUERY_STRING=encoded(pairs), headers=headers)


COUNTED = (Article, ArticleRevision, Claim, ClaimRevision, Citation, Source, StatusChange)


def row_counts():
    """How many rows the newsroom's tables hold: a refusal must leave them as they were."""
    return {model.__name__: model.objects.count() for model in COUNTED}


def as_received(value):
    """The text Django hands the view for `value`: invalid UTF-8 becomes U+FFFD."""
    return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def shown(value):
    """How a kept value appears in a re-rendered form: as received, escaped."""
    return escape(as_received(value))
