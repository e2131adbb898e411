import pytest

from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db


def test_a_signed_in_person_without_a_desk_role_is_told_why_they_are_refused(client):
    client.force_login(make_user("visitor"))
    response = client.get("/desk/reviews/")
    assert response.status_code == 403
    assert "does not have the role" in response.text


def test_an_unpublished_story_is_a_plain_not_found_page(client):
    draft = make_article()
    response = client.get(f"/stories/{draft.slug}/")
    assert response.status_code == 404
    assert "There is nothing here" in response.text
    assert draft.title not in response.text
