"""Every POST endpoint, fuzzed: whatever arrives, the answer is never a 5xx; a refusal (4xx)
writes nothing, and a form refused for bad input (422) says why and shows what was typed.

Each endpoint's fields are sent missing, once or twice, with plausible values mixed with
numbers that are not quite numbers, arbitrary unicode, lone surrogates, NUL and strings of
a megabyte (tests/fuzz/strategies.py). Every example runs in its own rolled-back
transaction over the same world (hypothesis.extra.django.TestCase).
"""

from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.test import override_settings
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from claims.models import Claim, Source
from tests.fuzz.strategies import fields, post, row_counts, shown
from tests.fuzz.world import make_world

STORY = ("title", "standfirst", "dateline", "byline", "body")
CLAIM = ("statement", "quote", "quote_prefix", "quote_suffix")
CITATION = ("source", "source_kind", "via", "via_kind", "detail", "url")
KINDS = ["", *Source.Kind.values]
SOURCES = ["KCNA", "kcna", "Korean", "TASS"]
REVISIONS = ["1", "2", "3"]
# How a page marks an error message: at a field, above the form, or in a notice.
MESSAGES = ('class="errorlist', 'class="form-errors"', "notice--error")


@dataclass
class Endpoint:
    url: object  # world → address
    spec: object  # world → {field: plausible values}
    who: str = "reporter"
    shown: tuple = ()  # the fields a 422 shows again, as typed
    htmx: bool = field(default=True)  # also sent as htmx (the fragment) as well as without JS


def no_fields(world):
    return {}


def story_fields(world):
    return {name: ["Kim", "SEOUL", world.draft.body] for name in STORY}


def citation_fields(prefix="citation-"):
    spec = {f"{prefix}{name}": [""] for name in CITATION}
    spec.update(
        {
            f"{prefix}source": SOURCES,
            f"{prefix}via": ["", *SOURCES],
            f"{prefix}source_kind": KINDS,
            f"{prefix}via_kind": KINDS,
            f"{prefix}url": ["https://kcna.kp/", "kcna.kp"],
        }
    )
    return spec


def claim_fields():
    return {
        "statement": ["Kim went by train."],
        "quote": ["traveled by special train", "Pyongyang"],
        "quote_prefix": ["", "Un"],
        "quote_suffix": ["", "from"],
    }


def decision(kind, verb, obj):
    return Endpoint(
        lambda w: reverse(f"desk:{verb}{kind}", args=[getattr(w, obj).pk]),
        lambda w: {
            "note": ["Checked."],
            "public_note": ["We corrected the title."],
            "primary_record": ["", "KCNA’s own report"],
            "revision": REVISIONS,
            "next": ["/desk/reviews/", "https://evil.example/"],
        },
        who="editor",
        # The htmx row keeps the notes; without JS a refusal goes back to the queue.
        shown=("note",),
    )


ENDPOINTS = {
    "article_new": Endpoint(
        lambda w: reverse("desk:article_new"), story_fields, shown=("title", "body")
    ),
    "article_edit": Endpoint(
        lambda w: reverse("desk:article", args=[w.draft.pk]),
        lambda w: {**story_fields(w), "revision": REVISIONS},
        shown=("title", "body"),
    ),
    "article_import": Endpoint(
        lambda w: reverse("desk:article_import"),
        lambda w: {"story_text": [f"Kim in Beijing\n\n{w.draft.body}", "Kim", ""]},
        shown=("story_text",),
        htmx=False,
    ),
    "dismiss_suggestion": Endpoint(
        lambda w: reverse("desk:dismiss_suggestion", args=[w.draft.pk, "0123456789abcdef"]),
        no_fields,
    ),
    "article_preview": Endpoint(
        lambda w: reverse("desk:article_preview", args=[w.draft.pk]), story_fields
    ),
    "article_submit": Endpoint(
        lambda w: reverse("desk:article_submit", args=[w.draft.pk]), no_fields
    ),
    "article_publish": Endpoint(
        lambda w: reverse("desk:article_publish", args=[w.draft.pk]), no_fields, who="editor"
    ),
    "article_withdraw": Endpoint(
        lambda w: reverse("desk:article_withdraw", args=[w.published.pk]),
        lambda w: {"reason": ["We could not stand by it."]},
        who="editor",
        shown=("reason",),
    ),
    "withdraw_correction": Endpoint(
        lambda w: reverse("desk:withdraw_correction", args=[w.published.pk]), no_fields
    ),
    "log_claim": Endpoint(
        lambda w: reverse("desk:log_claim", args=[w.draft.pk]),
        lambda w: {**claim_fields(), **citation_fields()},
        shown=("statement", "quote", "citation-source", "citation-detail"),
    ),
    "edit_claim": Endpoint(
        lambda w: reverse("desk:edit_claim", args=[w.claim.pk]),
        lambda w: {
            **claim_fields(),
            "public_note": ["A note."],
            "assessment_by": ["", str(w.service.pk)],
            "assessment_confidence": ["", *Claim.Confidence.values],
            "assessment_date": ["", "2025-09-01", "1 Sept 2025"],
            "recheck_by": ["", "2025-09-02T18:00", "tomorrow"],
            "no_named_source": ["", "on"],
            "revision": REVISIONS,
        },
        shown=("statement", "quote", "public_note"),
    ),
    "add_citation": Endpoint(
        lambda w: reverse("desk:citations", args=[w.claim.pk]),
        lambda w: {**citation_fields(), "revision": REVISIONS},
        shown=("citation-source", "citation-detail"),
    ),
    "remove_citation": Endpoint(
        lambda w: reverse("desk:remove_citation", args=[w.claim.pk, 0]),
        lambda w: {"revision": REVISIONS},
    ),
    "withdraw_edit": Endpoint(
        lambda w: reverse("desk:withdraw_edit", args=[w.edited.pk]), no_fields
    ),
    "request_change": Endpoint(
        lambda w: reverse("desk:request_change", args=[w.other_claim.pk]),
        lambda w: {"to_status": Claim.Status.values, "rationale": ["Two sources agree."]},
        shown=("rationale",),
    ),
    "withdraw_request": Endpoint(
        lambda w: reverse("desk:withdraw_request", args=[w.claim.pk]),
        lambda w: {"change": [str(w.request.pk)]},
    ),
    "approve": decision("", "approve", "request"),
    "reject": decision("", "reject", "request"),
    "approve_edit": decision("_edit", "approve", "edit"),
    "reject_edit": decision("_edit", "reject", "edit"),
    "approve_correction": decision("_correction", "approve", "correction"),
    "reject_correction": decision("_correction", "reject", "correction"),
    "source_new": Endpoint(
        lambda w: reverse("desk:source_new"),
        lambda w: {
            "name": SOURCES,
            "kind": KINDS,
            "url": ["https://kcna.kp/"],
            "description": ["North Korea's state news agency"],
            "aliases": ["", "Korean Central News Agency\nKCNA"],
            "affiliation": ["", *SOURCES],
            "next": ["/desk/", "//evil.example/"],
        },
        shown=("name", "description"),
    ),
    "source_edit": Endpoint(
        lambda w: reverse("desk:source", args=[w.source.pk]),
        lambda w: {
            "name": SOURCES,
            "kind": KINDS,
            "url": ["https://kcna.kp/"],
            "description": ["North Korea's state news agency"],
            "aliases": ["", "Korean Central News Agency"],
            "affiliation": ["", *SOURCES],
            "revision": REVISIONS,
        },
        shown=("name", "description"),
    ),
    "source_merge": Endpoint(
        lambda w: reverse("desk:source_merge", args=[w.source.pk]),
        lambda w: {"into": SOURCES},
        who="editor",
        htmx=False,
    ),
    "sign_in": Endpoint(
        lambda w: reverse("login"),
        lambda w: {
            "username": ["reporter", "editor"],
            "password": ["correct horse battery staple"],
            "next": ["/desk/", "https://evil.example/"],
        },
        who="anonymous",
    ),
    "sign_out": Endpoint(lambda w: reverse("logout"), lambda w: {"next": ["/", "//x"]}),
    "password_change": Endpoint(
        lambda w: reverse("password_change"),
        lambda w: {
            "old_password": ["correct horse battery staple"],
            "new_password1": ["another horse battery staple"],
            "new_password2": ["another horse battery staple"],
        },
    ),
}


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class TestPostEndpoints(TestCase):
    """One test per endpoint (generated below), over one world made once for the class."""

    @classmethod
    def setUpTestData(cls):
        make_world(cls)

    def answer(self, endpoint, pairs, htmx):
        who = {"reporter": self.reporter, "editor": self.editor}.get(endpoint.who)
        if who is not None:
            self.client.force_login(User.objects.get(pk=who.pk))
        before = row_counts()
        response = post(self.client, endpoint.url(self), pairs, htmx=htmx and endpoint.htmx)
        status = response.status_code
        assert status < 500, status
        if status >= 400:
            assert row_counts() == before, f"a refusal ({status}) wrote to the database"
        if status == 422:
            page = response.content.decode()
            assert any(mark in page for mark in MESSAGES), "a refusal without a message"
            typed = dict(pairs)  # the last of repeated values, as Django reads them
            for name in endpoint.shown:
                if typed.get(name, "").strip():
                    assert shown(typed[name]) in page, f"{name} was not kept"
        return response


def _fuzz(name):
    endpoint = ENDPOINTS[name]

    @given(data=st.data(), htmx=st.booleans())
    def test(self, data, htmx):
        self.answer(endpoint, data.draw(fields(endpoint.spec(self)), label="fields"), htmx)

    test.__name__ = f"test_{name}"
    test.__doc__ = f"POST {name}: never a 5xx, refusals write nothing and keep what was typed."
    return test


for _name in ENDPOINTS:
    setattr(TestPostEndpoints, f"test_{_name}", _fuzz(_name))
