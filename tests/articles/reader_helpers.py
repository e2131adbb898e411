"""Helpers for the reader's tests: published stories with claims in given states, a small
HTML tree to ask questions of a page, and a fixed clock for dated history."""

import datetime
import json
from contextlib import contextmanager
from html.parser import HTMLParser
from unittest import mock

from django.utils import timezone

from articles import publishing
from articles.models import Article
from claims.models import Claim, Source
from tests.factories import (
    make_approved_change,
    make_article,
    make_citation,
    make_claim,
    make_editor,
    make_reporter,
    make_source,
)

HOSTILE = (
    '<script>alert("x")</script></script><!-- {{ secret }} {% csrf_token %} " onmouseover="alert(1)'
)

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


def utc(*args):
    return datetime.datetime(*args, tzinfo=datetime.UTC)


@contextmanager
def clock(moment):
    """Everything stamped inside happens at `moment` (the workflow stamps with timezone.now)."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def publish_story(*, published_at=None, **fields):
    fields.setdefault("created_by", make_reporter())
    return make_article(
        status=Article.Status.PUBLISHED, published_at=published_at or timezone.now(), **fields
    )


def move_to(claim, status, *, at=None):
    """Approve a change of `claim` to `status` the only way there is, at `at` if given."""
    reporter, editor = make_reporter(), make_editor()
    if at is None:
        return make_approved_change(claim, status, requested_by=reporter, decided_by=editor)
    with clock(at):
        return make_approved_change(claim, status, requested_by=reporter, decided_by=editor)


def story_with_claims(statuses, *, published_at=None, **fields):
    """A story published through the gate, with one claim per entry of `statuses`, each
    about its own sentence, moved to its status before publication."""
    sentences = [f"Fact number {n} is stated here." for n in range(len(statuses))]
    fields.setdefault("created_by", make_reporter())
    article = make_article(body="\n\n".join(sentences), published_at=published_at, **fields)
    claims = []
    for n, status in enumerate(statuses):
        claim = make_claim(article, statement=f"Claim {n}", quote=f"Fact number {n} is stated")
        if status == Claim.Status.INTELLIGENCE_ESTIMATE:
            make_citation(claim, make_source(kind=Source.Kind.INTELLIGENCE_SERVICE))
        if status != Claim.Status.UNCONFIRMED:
            move_to(claim, status)
        claims.append(claim)
    publishing.publish(article, make_editor())
    article.refresh_from_db()
    return article, claims


class Node:
    def __init__(self, tag, attrs, parent=None):
        self.tag, self.attrs, self.parent = tag, dict(attrs), parent
        self.children = []

    def iter(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.iter()

    def find_all(self, tag=None, **attrs):
        """Elements below this one with `tag` and attributes equal to `attrs` (use `class_`)."""
        wanted = {name.rstrip("_").replace("_", "-"): value for name, value in attrs.items()}
        return [
            node
            for node in self.iter()
            if (tag is None or node.tag == tag)
            and all(_matches(node.attrs.get(name), value) for name, value in wanted.items())
        ]

    def find(self, tag=None, **attrs):
        found = self.find_all(tag, **attrs)
        assert found, f"no <{tag}> with {attrs}"
        return found[0]

    def by_id(self, element_id):
        return self.find(id=element_id)

    @property
    def text(self):
        return "".join(c.text if isinstance(c, Node) else c for c in self.children)

    @property
    def words(self):
        return " ".join(self.text.split())

    def has_ancestor(self, tag):
        node = self.parent
        while node is not None:
            if node.tag == tag:
                return True
            node = node.parent
        return False


def _matches(actual, wanted):
    if wanted is True:
        return actual is not None
    if actual is None:
        return False
    return wanted in actual.split() if " " not in wanted else actual == wanted


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Node("#document", [])
        self.errors = []

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, attrs, self.current))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if self.current.tag != tag:
            self.errors.append(f"</{tag}> closes <{self.current.tag}>")
            return
        self.current = self.current.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(html):
    """The page as a tree; fails the test if any element is left open or closed out of turn."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    assert not builder.errors, builder.errors
    assert builder.current is builder.root, f"<{builder.current.tag}> is never closed"
    return builder.root


def page(client, article, status=200, **headers):
    response = client.get(article.get_absolute_url(), headers=headers)
    assert response.status_code == status, response.status_code
    return parse(response.text)


def linked(graph):
    """The JSON-LD graph's nodes other than those only referred to (the publisher, the
    sources), with each reference ({"@id": …}) replaced by the node it refers to, as a
    JSON-LD processor reads them."""
    nodes = {node["@id"]: node for node in graph if "@id" in node}

    def resolve(value):
        if isinstance(value, list):
            return [resolve(item) for item in value]
        if not isinstance(value, dict):
            return value
        if value.keys() == {"@id"} and value["@id"] in nodes:
            referred = nodes[value["@id"]]
            return {k: resolve(v) for k, v in referred.items() if k != "@id"}
        return {key: resolve(item) for key, item in value.items()}

    referred = {ref for ref in nodes if f'{{"@id": "{ref}"}}' in json.dumps(graph)}
    return [resolve(node) for node in graph if node.get("@id") not in referred]
