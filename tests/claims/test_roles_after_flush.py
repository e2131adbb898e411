import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command


@pytest.mark.django_db(transaction=True)
def test_the_roles_come_back_after_the_database_is_flushed():
    call_command("flush", interactive=False, verbosity=0)

    editors = Group.objects.get(name="Editors")
    reporters = Group.objects.get(name="Reporters")
    assert editors.permissions.filter(codename="decide_status_change").exists()
    assert editors.permissions.filter(codename="publish_article").exists()
    assert not reporters.permissions.filter(codename="decide_status_change").exists()
    assert reporters.permissions.filter(codename="request_status_change").exists()
