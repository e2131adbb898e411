"""Independence of origins through affiliation chains (DESIGN.md rule 12), and the registry
refusing a chain that loops."""

import pytest
from django.db import IntegrityError, transaction

from claims import registry
from claims.errors import WorkflowError
from claims.independence import describe, independent_origins
from claims.models import Source
from tests.factories import make_editor, make_reporter, make_source
from tests.helpers import postgresql_only, race

pytestmark = pytest.mark.django_db


def affiliate(source, affiliation, user=None):
    """Set `source`'s affiliation through the registry, as the desk does."""
    source.refresh_from_db()
    registry.edit(source, user or make_reporter(), seen=source.revision, affiliation=affiliation)
    source.refresh_from_db()
    return source


def fresh(*sources):
    return [Source.objects.get(pk=source.pk) for source in sources]


@pytest.fixture
def russia():
    """Government of Russia ← Kremlin ← Yuri Ushakov; Government of Russia ← TASS."""
    government = make_source("Government of Russia")
    kremlin = affiliate(make_source("Kremlin"), government)
    ushakov = affiliate(make_source("Yuri Ushakov"), kremlin)
    tass = affiliate(make_source("TASS"), government)
    return government, kremlin, ushakov, tass


class TestIndependence:
    def test_sources_affiliated_with_nobody_are_independent(self):
        kcna, nis = make_source("KCNA"), make_source("NIS")
        assert independent_origins([kcna, nis]) == 2
        assert describe([kcna, nis]) == "2 independent origins"

    def test_one_origin_cited_twice_is_one(self):
        kcna = make_source("KCNA")
        assert independent_origins([kcna, kcna]) == 1
        assert describe([kcna, kcna]) == "1 origin"

    def test_a_source_and_what_it_is_affiliated_with_are_not_independent(self, russia):
        government, kremlin, _, _ = fresh(*russia[:2], *russia[2:])
        assert independent_origins([kremlin, government]) == 1
        assert describe([kremlin, government]) == "2 origins, not independent"

    def test_the_chain_is_followed_to_its_top(self, russia):
        government, _kremlin, ushakov, _tass = fresh(*russia)
        assert independent_origins([ushakov, government]) == 1

    def test_two_sources_sharing_an_affiliation_are_not_independent(self, russia):
        _, _, ushakov, tass = fresh(*russia)
        # Ushakov → Kremlin → Government of Russia; TASS → Government of Russia.
        assert independent_origins([ushakov, tass]) == 1

    def test_chains_that_never_meet_are_independent(self, russia):
        _, _, ushakov, _ = fresh(*russia)
        kcna = affiliate(make_source("KCNA"), make_source("Government of North Korea"))
        assert independent_origins([ushakov, kcna]) == 2
        seoul = make_source("Seoul")
        assert describe([ushakov, kcna, seoul, fresh(russia[3])[0]]) == ("4 origins, 3 independent")

    def test_no_origin(self):
        assert describe([]) == "No origin"


class TestTheChainsTopFollowsEveryChange:
    def test_moving_a_source_moves_everything_under_it(self, russia):
        kremlin = russia[1]
        china = make_source("Government of China")
        affiliate(kremlin, china)  # a mistake, for the test's sake
        _, kremlin, ushakov, tass = fresh(*russia)
        assert ushakov.affiliation_root_id == kremlin.affiliation_root_id == china.pk
        assert independent_origins([ushakov, tass]) == 2

        affiliate(kremlin, None)
        _, kremlin, ushakov, _ = fresh(*russia)
        assert (kremlin.affiliation_root_id, ushakov.affiliation_root_id) == (None, kremlin.pk)
        assert independent_origins([ushakov, kremlin]) == 1

    def test_the_database_holds_a_root_for_every_affiliated_source(self):
        source, other = make_source(), make_source()
        with pytest.raises(IntegrityError), transaction.atomic():
            Source.objects.filter(pk=source.pk).update(affiliation=other)

    def test_the_database_refuses_a_source_affiliated_with_itself(self):
        source = make_source()
        with pytest.raises(IntegrityError), transaction.atomic():
            Source.objects.filter(pk=source.pk).update(affiliation=source, affiliation_root=source)


class TestLoopsAreRefused:
    def test_a_source_cannot_be_affiliated_with_itself(self):
        kremlin = make_source("Kremlin")
        with pytest.raises(WorkflowError) as refused:
            affiliate(kremlin, kremlin)
        assert str(refused.value) == "Kremlin cannot be affiliated with itself."

    def test_a_direct_loop(self, russia):
        government, kremlin, _, _ = russia
        with pytest.raises(WorkflowError) as refused:
            affiliate(government, kremlin)
        assert str(refused.value) == (
            "Government of Russia cannot be affiliated with Kremlin: Kremlin is itself "
            "affiliated with Government of Russia (Kremlin → Government of Russia), and a chain "
            "of affiliations cannot loop."
        )
        assert Source.objects.get(pk=government.pk).affiliation is None

    def test_a_loop_through_the_chain(self, russia):
        government, _, ushakov, _ = russia
        with pytest.raises(WorkflowError) as refused:
            affiliate(government, ushakov)
        assert "(Yuri Ushakov → Kremlin → Government of Russia)" in str(refused.value)
        assert not Source.objects.get(pk=government.pk).changes.filter(action="edited").exists()

    def test_the_refusal_is_the_same_in_the_form(self, russia):
        from claims.source_forms import SourceEditForm

        government = Source.objects.get(pk=russia[0].pk)
        data = {**SourceEditForm.initial_for(government), "affiliation": "yuri ushakov"}
        form = SourceEditForm(data, source=government)
        assert not form.is_valid()
        assert form.errors["affiliation"] == [
            "Government of Russia cannot be affiliated with Yuri Ushakov: Yuri Ushakov is "
            "itself affiliated with Government of Russia (Yuri Ushakov → Kremlin → Government "
            "of Russia), and a chain of affiliations cannot loop."
        ]


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_changes_that_would_close_a_loop_together_cannot_both_succeed():
    """A → B and B → A at once: each is fine alone; the registry lets only one through."""
    first, second = make_source("First"), make_source("Second")
    editors = [make_editor(), make_editor()]
    for editor in editors:
        editor.get_all_permissions()
    outcomes = race(
        lambda: registry.edit(first, editors[0], seen=first.revision, affiliation=second),
        lambda: registry.edit(second, editors[1], seen=second.revision, affiliation=first),
    )

    assert sorted(kind for kind, _ in outcomes) == ["done", "refused"], outcomes
    (refusal,) = [str(error) for kind, error in outcomes if kind == "refused"]
    assert "a chain of affiliations cannot loop" in refusal
    first, second = fresh(first, second)
    assert [first.affiliation_id, second.affiliation_id].count(None) == 1
