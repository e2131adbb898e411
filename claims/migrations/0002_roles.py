"""Create the desk's two roles as groups with model permissions (DESIGN.md rule 6)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from claims.roles import ROLES, sync_roles


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations ran; make sure they exist now.
    for app_label in ("articles", "claims"):
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True  # what create_permissions checks on a real app
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    # Permissions added by later migrations do not exist yet; post_migrate grants them.
    sync_roles(apps, missing_ok=True)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("claims", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
