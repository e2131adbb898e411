"""The sources page on the desk: the list, a source's page where it is edited with its
history, and merging a duplicate (editors only)."""

import pytest
from django.urls import reverse

from articles.models import Article
from claims import registry
from claims.models import Source, SourceChange
from tests.factories import make_article, make_citation, make_claim, make_source, make_user
from tests.helpers import HTMX

pytestmark = pytest.mark.django_db

SOURCES = reverse("desk:sources")


def page_of(source):
    return reverse("desk:source", args=[source.pk])


def merge_of(source):
    return reverse("desk:source_merge", args=[source.pk])


def edit_data(source, **changes):
    source.refresh_from_db()
    return {
        "name": source.name,
        "kind": source.kind,
        "url": source.url,
        "description": source.description,
        "affiliation": source.affiliation.name if source.affiliation else "",
        "revision": source.revision,
        **changes,
    }


class TestAccess:
    @pytest.mark.parametrize("url", ["list", "page", "merge"])
    def test_anonymous_is_sent_to_sign_in(self, client, url):
        tass = make_source("TASS")
        address = {"list": SOURCES, "page": page_of(tass), "merge": merge_of(tass)}[url]
        assert client.get(address)["Location"].startswith(reverse("login"))
        assert client.post(address, {})["Location"].startswith(reverse("login"))

    @pytest.mark.parametrize("url", ["list", "page", "merge"])
    def test_someone_without_a_desk_role_is_refused(self, client, url):
        tass = make_source("TASS")
        address = {"list": SOURCES, "page": page_of(tass), "merge": merge_of(tass)}[url]
        client.force_login(make_user())
        assert client.get(address).status_code == 403
        if url != "list":
            assert client.post(address, {}).status_code == 403

    def test_reporters_list_and_edit_sources(self, client, reporter):
        tass = make_source("TASS")
        client.force_login(reporter)
        assert client.get(SOURCES).status_code == 200
        assert client.get(page_of(tass)).status_code == 200

    def test_reporters_may_not_merge(self, client, reporter):
        duplicate, kcna = make_source("KCNA news"), make_source("KCNA")
        client.force_login(reporter)
        assert client.get(merge_of(duplicate)).status_code == 403
        assert client.post(merge_of(duplicate), {"into": "KCNA"}).status_code == 403
        assert Source.objects.filter(pk=duplicate.pk).exists()
        page = client.get(page_of(kcna)).text
        assert "Merge into another source" not in page

    def test_editors_merge(self, client, editor):
        duplicate = make_source("KCNA news")
        client.force_login(editor)
        assert client.get(merge_of(duplicate)).status_code == 200
        assert "Merge into another source" in client.get(page_of(duplicate)).text

    def test_the_list_only_answers_get(self, client, reporter):
        client.force_login(reporter)
        assert client.post(SOURCES).status_code == 405

    def test_an_unknown_source_is_404(self, client, reporter):
        client.force_login(reporter)
        assert client.get(reverse("desk:source", args=[9999])).status_code == 404

    @pytest.mark.parametrize("pk", [2**63, 10**20])
    @pytest.mark.parametrize("name", ["desk:source", "desk:source_merge"])
    def test_an_id_no_source_can_have_is_404(self, client, editor, name, pk):
        # Beyond the database's integers: SQLite refuses to compare a column with it.
        client.force_login(editor)
        assert client.get(reverse(name, args=[pk])).status_code == 404
        assert client.post(reverse(name, args=[pk]), {}).status_code == 404


class TestList:
    def test_every_source_with_its_affiliation_and_how_often_it_is_cited(self, client, reporter):
        government = make_source("Government of Russia")
        tass = make_source("TASS", affiliation=government, description="Russian news agency")
        make_citation(make_claim(cited=False), tass)
        make_citation(make_claim(cited=False), make_source("Yuri Ushakov"), via=tass)
        client.force_login(reporter)
        html = client.get(SOURCES).text
        assert "3 sources." in html
        row = html[html.index(">TASS</a>") :]
        row = row[: row.index("</tr>")]
        assert "Russian news agency" in row
        assert ">Government of Russia</a>" in row
        assert row.count('<td class="num">1</td>') == 2

    def test_searching_by_name_or_description(self, client, reporter):
        make_source("KCNA", description="North Korea’s state news agency")
        make_source("TASS", description="Russian news agency")
        client.force_login(reporter)
        html = client.get(SOURCES, {"q": "north korea"}).text
        assert "KCNA" in html and ">TASS<" not in html
        fragment = client.get(SOURCES, {"q": "tass"}, headers=HTMX).text
        assert fragment.lstrip().startswith('<div id="source-results"')

    def test_search_without_js_is_the_list(self, client, reporter):
        make_source("KCNA")
        client.force_login(reporter)
        html = client.get(reverse("desk:source_search"), {"q": "kc"}).text
        assert "1 source matching “kc”." in html

    def test_names_are_escaped(self, client, reporter):
        make_source("<b>Bold</b>")
        client.force_login(reporter)
        html = client.get(SOURCES).text
        assert "<b>Bold" not in html and "&lt;b&gt;Bold" in html

    def test_the_list_takes_a_fixed_number_of_queries(
        self, client, reporter, django_assert_max_num_queries
    ):
        government = make_source("Government")
        for n in range(30):
            source = make_source(f"Source {n:02}", affiliation=government)
            make_citation(make_claim(cited=False), source)
        client.force_login(reporter)
        # Session, user, permissions (2), the count and the page of sources.
        with django_assert_max_num_queries(7):
            assert client.get(SOURCES).status_code == 200


class TestEdit:
    def test_without_js_a_save_returns_to_the_page_with_a_message(self, client, reporter):
        government = make_source("Government of Russia")
        tass = make_source("TASS", kind=Source.Kind.WIRE_AGENCY)
        client.force_login(reporter)
        data = edit_data(tass, affiliation="government of russia", description="State agency")
        response = client.post(page_of(tass), data, follow=True)
        assert response.redirect_chain == [(page_of(tass), 302)]
        html = response.text
        assert "Saved TASS." in html
        tass.refresh_from_db()
        assert (tass.affiliation, tass.description) == (government, "State agency")
        # The page's history says who changed what.
        assert "<strong>Edited</strong> by reporter" in html
        assert "now: </span>Government of Russia" in html
        assert "affiliated with" in html and ">Government of Russia</a>" in html

    def test_with_htmx_the_form_is_swapped_in_place(self, client, reporter):
        tass = make_source("TASS")
        client.force_login(reporter)
        response = client.post(page_of(tass), edit_data(tass, name="TASS agency"), headers=HTMX)
        assert response.status_code == 200
        assert response.text.lstrip().startswith('<section id="source-editor"')
        assert "Saved TASS agency." in response.text
        assert Source.objects.get(pk=tass.pk).name == "TASS agency"

    def test_a_loop_is_refused_next_to_the_field_keeping_what_was_typed(self, client, reporter):
        kremlin = make_source("Kremlin")
        ushakov = make_source("Yuri Ushakov", affiliation=kremlin)
        client.force_login(reporter)
        data = edit_data(kremlin, affiliation="Yuri Ushakov", description="Typed.")
        response = client.post(page_of(kremlin), data, headers=HTMX)
        assert response.status_code == 422
        assert (
            "Kremlin cannot be affiliated with Yuri Ushakov: Yuri Ushakov is itself affiliated "
            "with Kremlin (Yuri Ushakov → Kremlin), and a chain of affiliations cannot loop."
        ) in response.text
        assert "Typed." in response.text
        assert Source.objects.get(pk=kremlin.pk).affiliation is None
        assert ushakov.changes.count() == 0

    def test_a_reporter_is_told_a_source_readers_see_is_an_editors_to_change(
        self, client, reporter
    ):
        kcna = make_source("KCNA")
        make_citation(make_claim(make_article(status=Article.Status.PUBLISHED)), kcna)
        client.force_login(reporter)
        response = client.post(page_of(kcna), edit_data(kcna, name="Reuters"), headers=HTMX)
        assert response.status_code == 409
        assert "KCNA is cited in a published story" in response.text
        assert 'value="Reuters"' in response.text
        assert Source.objects.get(pk=kcna.pk).name == "KCNA"

    def test_an_unknown_affiliation_is_refused_with_suggestions(self, client, reporter):
        make_source("Government of Russia")
        tass = make_source("TASS")
        client.force_login(reporter)
        response = client.post(page_of(tass), edit_data(tass, affiliation="Russia"))
        assert response.status_code == 422
        assert (
            "There is no source named “Russia” to affiliate it with. Did you mean: Government "
            "of Russia?"
        ) in response.text

    def test_a_name_taken_by_another_source_is_refused(self, client, reporter):
        make_source("KCNA")
        other = make_source("Korean Central News Agency")
        client.force_login(reporter)
        response = client.post(page_of(other), edit_data(other, name="kcna"))
        assert response.status_code == 422
        assert "A source named “KCNA” already exists. If it is the same source, merge" in (
            response.text
        )

    def test_an_edit_made_on_an_older_view_is_409_saying_who_changed_it(
        self, client, reporter, editor
    ):
        tass = make_source("TASS")
        stale = edit_data(tass, description="Mine.")
        registry.edit(tass, editor, seen=1, description="Theirs.")
        client.force_login(reporter)
        response = client.post(page_of(tass), stale, headers=HTMX)
        assert response.status_code == 409
        assert "editor changed TASS at " in response.text
        assert "Mine." in response.text
        assert Source.objects.get(pk=tass.pk).description == "Theirs."

    def test_a_merged_away_source_sends_you_to_the_one_kept(self, client, reporter, editor):
        duplicate, kcna = make_source("KCNA news"), make_source("KCNA")
        stale = edit_data(duplicate, description="Too late.")
        registry.merge(duplicate, kcna, editor)
        client.force_login(reporter)
        response = client.get(page_of(duplicate), follow=True)
        assert response.redirect_chain == [(page_of(kcna), 302)]
        assert "KCNA news was merged into KCNA by editor." in response.text
        response = client.post(page_of(duplicate), stale, headers=HTMX)
        assert response.status_code == 409
        assert "KCNA news was merged into KCNA by editor." in response.text


class TestMerge:
    def test_the_page_says_what_will_move(self, client, editor):
        duplicate = make_source("KCNA news")
        make_citation(make_claim(cited=False), duplicate)
        make_citation(make_claim(cited=False), make_source("Choe"), via=duplicate)
        client.force_login(editor)
        html = client.get(merge_of(duplicate)).text
        assert "1 citation as origin, 1 as relay" in html

    def test_merging_moves_every_citation_and_lands_on_the_source_kept(self, client, editor):
        duplicate, kcna = make_source("KCNA news"), make_source("KCNA")
        claim = make_claim(cited=False)
        make_citation(claim, duplicate)
        client.force_login(editor)
        response = client.post(merge_of(duplicate), {"into": "kcna"}, follow=True)
        assert response.redirect_chain == [(page_of(kcna), 302)]
        assert "Merged KCNA news into KCNA: 1 citation(s) as origin and 0 as relay moved." in (
            response.text
        )
        assert "KCNA news merged into it" in response.text  # the kept source's history
        assert [c.source for c in claim.citations.all()] == [kcna]
        assert not Source.objects.filter(pk=duplicate.pk).exists()
        assert SourceChange.objects.filter(source_id=duplicate.pk, action="merged_away").exists()

    def test_an_unknown_source_to_keep_is_422(self, client, editor):
        duplicate = make_source("KCNA news")
        client.force_login(editor)
        response = client.post(merge_of(duplicate), {"into": "Pyongyang Times"})
        assert response.status_code == 422
        assert "There is no source named “Pyongyang Times” to merge into." in response.text

    def test_merging_into_itself_is_422(self, client, editor):
        kcna = make_source("KCNA")
        client.force_login(editor)
        response = client.post(merge_of(kcna), {"into": "KCNA"})
        assert response.status_code == 422
        assert "A source cannot be merged into itself." in response.text

    def test_a_merge_the_registry_refuses_is_409_with_its_reason(self, client, editor):
        government = make_source("Government of Russia")
        make_source("Kremlin", affiliation=government)
        client.force_login(editor)
        response = client.post(merge_of(government), {"into": "Kremlin"})
        assert response.status_code == 409
        assert "merging would make it affiliated with itself" in response.text
        assert Source.objects.filter(pk=government.pk).exists()
