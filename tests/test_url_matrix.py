"""Every URL × every kind of visitor × GET and POST: the status each gets, in one table.

The routes come from Django's resolver (the admin's own aside: it checks its own access),
so a URL added without a row here fails `test_every_url_has_a_row`. Each cell is asked on
its own (a savepoint rolled back after it), of a world the test makes: a draft with a claim
and a pending status request, a published story with a pending claim edit and a pending
correction, and one account of each kind. A POST carries no fields: what an empty or
malformed submission gets is the fuzz tests' business (tests/fuzz/); here it shows who
gets past the door.
"""

import re
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver

from articles import revisions
from articles.models import Article
from claims import editing
from tests.factories import (
    make_article,
    make_claim,
    make_editor,
    make_reporter,
    make_request,
    make_source,
)

pytestmark = pytest.mark.django_db

VISITORS = ("anonymous", "reporter", "editor", "superuser", "inactive")
GET_ONLY = "405 405 405 405 405"


@dataclass(frozen=True)
class Row:
    fill: str  # which of the world's objects fills the route's parameters (see `parameters`)
    get: str  # the statuses, in the order of VISITORS
    post: str


# To add a URL: one row, its route exactly as the resolver spells it (the test's failure
# message prints it), what fills its parameters, and the status each visitor gets.
# "inactive" is an editor whose account was deactivated while signed in: Django treats
# them as signed out. Columns:  anonymous reporter editor superuser inactive.
ROWS = {
    # The reader's pages: open to anyone, read-only.
    "": Row("", get="200 200 200 200 200", post=GET_ONLY),
    "stories/<slug:slug>/": Row("published", get="200 200 200 200 200", post=GET_ONLY),
    "stories/<slug:slug>/claims.json": Row("published", get="200 200 200 200 200", post=GET_ONLY),
    "feed/": Row("", get="200 200 200 200 200", post=GET_ONLY),
    # Health checks, for the orchestrator and the proxy: open, read-only.
    "healthz": Row("", get="200 200 200 200 200", post=GET_ONLY),
    "readyz": Row("", get="200 200 200 200 200", post=GET_ONLY),
    # The desk: reporters and editors; editors alone decide and publish.
    "desk/": Row("", get="302 200 200 200 302", post="302 200 200 200 302"),
    "desk/articles/new/": Row("", get="302 200 200 200 302", post="302 422 422 422 302"),
    "desk/articles/import/": Row("", get="302 200 200 200 302", post="302 422 422 422 302"),
    "desk/articles/<int:pk>/": Row("draft", get="302 200 200 200 302", post="302 422 422 422 302"),
    "desk/articles/<int:pk>/preview/": Row(
        "draft", get="302 200 200 200 302", post="302 200 200 200 302"
    ),
    "desk/articles/<int:pk>/submit/": Row(
        "draft", get="302 405 405 405 302", post="302 302 302 302 302"
    ),
    "desk/articles/<int:pk>/publish/": Row(
        "draft", get="302 405 405 405 302", post="302 403 302 302 302"
    ),
    "desk/articles/<int:pk>/withdraw/": Row(
        "published", get="302 405 405 405 302", post="302 403 302 302 302"
    ),
    # Only its author (the reporter here) takes a pending correction or edit back.
    "desk/articles/<int:pk>/correction/withdraw/": Row(
        "published", get="302 405 405 405 302", post="302 302 403 403 302"
    ),
    "desk/articles/<int:pk>/claims/": Row(
        "draft", get="302 200 200 200 302", post="302 422 422 422 302"
    ),
    "desk/articles/<int:pk>/suggestions/<suggestion_key:key>/dismiss/": Row(
        "suggestion", get="302 405 405 405 302", post="302 302 302 302 302"
    ),
    "desk/claims/": Row("", get="302 200 200 200 302", post="302 405 405 405 302"),
    "desk/claims/<int:pk>/": Row("claim", get="302 302 302 302 302", post="302 405 405 405 302"),
    "desk/claims/<int:pk>/edit/": Row(
        "claim", get="302 200 200 200 302", post="302 422 422 422 302"
    ),
    "desk/claims/<int:pk>/citations/": Row(
        "claim", get="302 200 200 200 302", post="302 422 422 422 302"
    ),
    "desk/claims/<int:pk>/citations/<int:index>/remove/": Row(
        "citation", get="302 405 405 405 302", post="302 302 302 302 302"
    ),
    "desk/claims/<int:pk>/edit/withdraw/": Row(
        "edited claim", get="302 405 405 405 302", post="302 302 403 403 302"
    ),
    "desk/claims/<int:pk>/request/": Row(
        "claim", get="302 200 200 200 302", post="302 422 422 422 302"
    ),
    "desk/claims/<int:pk>/withdraw/": Row(
        "claim", get="302 405 405 405 302", post="302 404 404 404 302"
    ),
    "desk/claims/<int:pk>/history/": Row(
        "claim", get="302 200 200 200 302", post="302 405 405 405 302"
    ),
    "desk/reviews/": Row("", get="302 403 200 200 302", post="302 405 405 405 302"),
    "desk/reviews/<int:pk>/approve/": Row(
        "request", get="302 405 405 405 302", post="302 403 302 302 302"
    ),
    "desk/reviews/<int:pk>/reject/": Row(
        "request", get="302 405 405 405 302", post="302 403 302 302 302"
    ),
    "desk/reviews/claim-edits/<int:pk>/approve/": Row(
        "edit", get="302 405 405 405 302", post="302 403 302 302 302"
    ),
    "desk/reviews/claim-edits/<int:pk>/reject/": Row(
        "edit", get="302 405 405 405 302", post="302 403 302 302 302"
    ),
    "desk/reviews/story-edits/<int:pk>/approve/": Row(
        "correction", get="302 405 405 405 302", post="302 403 302 302 302"
    ),
    "desk/reviews/story-edits/<int:pk>/reject/": Row(
        "correction", get="302 405 405 405 302", post="302 403 302 302 302"
    ),
    "desk/sources/": Row("", get="302 200 200 200 302", post="302 405 405 405 302"),
    "desk/sources/<int:pk>/": Row("source", get="302 200 200 200 302", post="302 422 422 422 302"),
    # Merging a duplicate away: editors only.
    "desk/sources/<int:pk>/merge/": Row(
        "source", get="302 403 200 200 302", post="302 403 422 422 302"
    ),
    "desk/sources/search/": Row("", get="302 200 200 200 302", post="302 405 405 405 302"),
    "desk/sources/new/": Row("", get="302 200 200 200 302", post="302 422 422 422 302"),
    # Accounts: signing in and out, changing one's own password. No password-reset pages:
    # no mail is configured, and the sign-in page says to ask an administrator.
    "accounts/login/": Row("", get="200 200 200 200 200", post="200 200 200 200 200"),
    "accounts/logout/": Row("", get="302 405 405 405 302", post="302 302 302 302 302"),
    "accounts/password_change/": Row("", get="302 200 200 200 302", post="302 200 200 200 302"),
    "accounts/password_change/done/": Row(
        "", get="302 200 200 200 302", post="302 405 405 405 302"
    ),
}


def routes(patterns=None, prefix=""):
    """Every route the resolver knows, as one string ("desk/claims/<int:pk>/"), the admin's
    aside."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name != "admin":
                yield from routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


ROUTES = sorted(set(routes()))


def test_every_url_has_a_row():
    missing = [route for route in ROUTES if route not in ROWS]
    gone = [route for route in ROWS if route not in ROUTES]
    assert not missing, (
        f"URLs without a row in tests/test_url_matrix.py: {missing}. Add a row to ROWS for "
        "each, with what fills its parameters and the status every visitor gets for GET "
        "and POST."
    )
    assert not gone, f"Rows in tests/test_url_matrix.py for URLs that no longer exist: {gone}"


class World:
    """The objects the routes' parameters name, and one account of each kind."""

    def __init__(self):
        author, editor = make_reporter("author"), make_editor("other-editor")
        self.draft = make_article(created_by=author, status=Article.Status.DRAFT)
        self.claim = make_claim(self.draft)
        self.source = make_source()
        self.request = make_request(self.claim, requested_by=author)
        self.published = make_article(created_by=author, status=Article.Status.PUBLISHED)
        self.edited = make_claim(self.published)
        content = {**editing.working_content(self.edited), "statement": "Kim flew."}
        self.edit = editing.edit(self.edited, author, content, seen=self.edited.revision)
        text = {**revisions.working_text(self.published), "title": "Corrected title"}
        self.correction = revisions.edit(self.published, author, text, seen=1)
        assert self.edit.state == self.correction.state == "pending"
        self.accounts = {
            "anonymous": None,
            "reporter": author,
            "editor": editor,
            "superuser": User.objects.create_superuser("root", password="x"),
            "inactive": make_editor("gone", is_active=False),
        }

    def parameters(self, fill):
        return {
            "": {},
            "published": {"slug": self.published.slug, "pk": self.published.pk},
            "draft": {"pk": self.draft.pk},
            "claim": {"pk": self.claim.pk},
            "citation": {"pk": self.claim.pk, "index": 0},
            "edited claim": {"pk": self.edited.pk},
            "request": {"pk": self.request.pk},
            "edit": {"pk": self.edit.pk},
            "correction": {"pk": self.correction.pk},
            "suggestion": {"pk": self.draft.pk, "key": "0123456789abcdef"},
            "source": {"pk": self.source.pk},
        }[fill]


def url_of(route, parameters):
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(parameters[m.group(1)]), route)


def answer(account, method, url):
    """One request in a savepoint rolled back afterwards: each cell sees the same world."""
    with transaction.atomic():
        client = Client()
        if account is not None:
            client.force_login(account)
        status = getattr(client, method)(url).status_code
        transaction.set_rollback(True)
    return status


@pytest.mark.parametrize("route", ROUTES)
def test_each_visitor_gets_what_the_table_says(route):
    row = ROWS.get(route)
    if row is None:
        pytest.skip("no row: test_every_url_has_a_row says so")
    world = World()
    url = url_of(route, world.parameters(row.fill))
    expected = {"get": row.get.split(), "post": row.post.split()}
    actual = {
        method: [str(answer(world.accounts[who], method, url)) for who in VISITORS]
        for method in ("get", "post")
    }
    assert actual == expected, f"{url} ({', '.join(VISITORS)})"


BEYOND_THE_DATABASE = 2**63  # one more than the largest id PostgreSQL's or SQLite's holds


@pytest.mark.parametrize("route", [route for route in ROUTES if "<int:" in route])
def test_an_id_beyond_the_database_s_integers_is_not_found(route):
    # SQLite refuses to compare a column with such a number where PostgreSQL finds no row;
    # whichever lookup a view makes with it, the answer is a refusal, never a 500.
    world = World()
    parameters = {**world.parameters(ROWS[route].fill), "pk": BEYOND_THE_DATABASE}
    url = url_of(route, parameters)
    for method in ("get", "post"):
        assert answer(world.accounts["superuser"], method, url) in {404, 405}, (method, url)
