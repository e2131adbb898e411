"""The story page is the same bytes for the same data: rendered from nothing, or with every
part the reader's caches keep already rendered, or after a change and back.

The page of `tests/articles/golden.GoldenStory` is kept in `tests/articles/golden/story.html`;
it changes only on purpose (`--regenerate-golden`, see that module).
"""

import pytest

from articles.story_cache import forget_rendered
from tests.articles.golden import GOLDEN, GoldenStory, normalized

pytestmark = pytest.mark.django_db


@pytest.fixture
def golden(request):
    story = GoldenStory()
    return story


def cold_page(client, story):
    forget_rendered()
    return normalized(client.get(story.article.get_absolute_url()).text, story)


def test_the_page_is_the_golden_page(client, golden, request):
    page = cold_page(client, golden)
    if request.config.getoption("--regenerate-golden"):
        GOLDEN.write_text(page)
        pytest.skip(f"{GOLDEN} written anew: review the difference and commit it")
    assert page == GOLDEN.read_text()
