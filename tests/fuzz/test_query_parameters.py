"""Every query parameter, fuzzed: the ones pages read (filters, searches, pages, `next`) with
values that are not quite what they expect, and anything at all on every other address.
A GET never answers 5xx and never writes."""

from django.contrib.auth.models import User
from django.test import override_settings
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from claims.models import Claim
from tests.fuzz.strategies import fields, get, row_counts, values
from tests.fuzz.world import make_world
from tests.test_url_matrix import ROUTES, url_of

STATUSES = ["", *Claim.Status.values]
SEARCHED = ["KCNA", "Korean", "kc", "train"]

# Pages that read query parameters: (address, who asks, {parameter: plausible values}).
READERS = {
    "front_page": ("/", "anonymous", {"page": ["1", "2", "last"]}),
    "find": (
        "/desk/claims/",
        "reporter",
        {
            "q": SEARCHED,
            "status": STATUSES,
            "source": SEARCHED,
            "article": ["1", "2"],
            "page": ["1", "2", "last"],
        },
    ),
    "review_queue": (
        "/desk/reviews/",
        "editor",
        {"article": ["1", "2"], "to_status": STATUSES},
    ),
    "sources": ("/desk/sources/", "reporter", {"q": SEARCHED, "page": ["1", "2", "last"]}),
    "source_search": (
        "/desk/sources/search/",
        "reporter",
        {"q": SEARCHED, "citation-source": SEARCHED, "citation-via": SEARCHED, "via": SEARCHED},
    ),
    "source_new": ("/desk/sources/new/", "reporter", {"name": SEARCHED, "next": ["/desk/"]}),
    "sign_in": ("/accounts/login/", "anonymous", {"next": ["/desk/", "//evil.example/"]}),
}


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class TestQueryParameters(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_world(cls)

    def ask(self, who, url, pairs, htmx):
        account = {"reporter": self.reporter, "editor": self.editor}.get(who)
        if account is not None:
            self.client.force_login(User.objects.get(pk=account.pk))
        before = row_counts()
        response = get(self.client, url, pairs, htmx=htmx)
        assert response.status_code < 500, response.status_code
        assert row_counts() == before, "a GET wrote to the database"
        return response

    @given(data=st.data(), htmx=st.booleans())
    def test_any_parameter_on_any_address(self, data, htmx):
        route = data.draw(st.sampled_from(ROUTES), label="route")
        who = data.draw(st.sampled_from(["anonymous", "reporter", "editor"]), label="who")
        parameters = {
            "pk": self.draft.pk,
            "slug": self.published.slug,
            "index": 0,
            "key": "0123456789abcdef",
        }
        pairs = data.draw(st.lists(st.tuples(values(), values()), max_size=3), label="query")
        self.ask(who, url_of(route, parameters), pairs, htmx)


def _fuzz(name):
    url, who, spec = READERS[name]

    @given(data=st.data(), htmx=st.booleans())
    def test(self, data, htmx):
        self.ask(who, url, data.draw(fields(spec), label="query"), htmx)

    test.__name__ = f"test_{name}"
    test.__doc__ = f"GET {name} with fuzzed parameters: never a 5xx, never a write."
    return test


for _name in READERS:
    setattr(TestQueryParameters, f"test_{_name}", _fuzz(_name))


def test_every_page_that_reads_parameters_is_fuzzed():
    addresses = {url_of(route, {}) for route in ROUTES if "<" not in route}
    assert {url for url, _, _ in READERS.values()} <= addresses
