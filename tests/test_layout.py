"""The code's shape, held by tests: apps build on each other one way, with no import cycles,
in modules a newcomer can hold in their head (README, Layout)."""

import ast
import itertools
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("newsroom", "articles", "claims")
LONGEST = 400  # lines
# Data, not logic: the migrations' history and the demo story's claims.
LONG_BY_NATURE = ("migrations", "demo")


def modules():
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            yield ".".join(path.relative_to(ROOT).with_suffix("").parts), path


def imports_of(name, path):
    """The project modules `name` imports, relative imports resolved."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, node.module] if node.module else base)
            found.add(module)
            found |= {f"{module}.{alias.name}" for alias in node.names}
    known = dict(modules())
    return {module for module in found if module in known and module != name}


GRAPH = {name: imports_of(name, path) for name, path in modules()}


def test_claims_never_imports_articles():
    """`claims` is the domain of claims; `articles` (stories and every page) builds on it."""
    offending = {
        (name, imported)
        for name, imported_modules in GRAPH.items()
        if name.startswith("claims")
        for imported in imported_modules
        if imported.startswith("articles")
    }
    assert offending == set()


def test_no_module_imports_itself_back():
    def cycle_from(start):
        stack = [(start, [start])]
        seen = set()
        while stack:
            name, path = stack.pop()
            for imported in GRAPH.get(name, ()):
                if imported == start:
                    return [*path, start]
                if imported not in seen:
                    seen.add(imported)
                    stack.append((imported, [*path, imported]))
        return None

    # A package's __init__ importing its own modules is how packages work, not a cycle.
    cycles = [
        cycle
        for name in GRAPH
        if (cycle := cycle_from(name))
        and not any(b.startswith(a + ".") for a, b in itertools.pairwise(cycle))
    ]
    assert cycles == []


@pytest.mark.parametrize("name", sorted(GRAPH))
def test_modules_stay_small(name):
    path = dict(modules())[name]
    if any(part in LONG_BY_NATURE for part in path.parts):
        return
    assert len(path.read_text().splitlines()) <= LONGEST
