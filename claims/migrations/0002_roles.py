"""Create the desk's two roles as groups with model permissions (DESIGN.md rule 6)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# Reporters write stories and claims and ask for status changes; editors also decide
# those requests and publish. Neither may delete audit rows.
REPORTER_PERMISSIONS = [
    ("articles", "add_article"),
    ("articles", "change_article"),
    ("articles", "view_article"),
    ("claims", "add_claim"),
    ("claims", "change_claim"),
    ("claims", "view_claim"),
    ("claims", "add_source"),
    ("claims", "change_source"),
    ("claims", "view_source"),
    ("claims", "add_citation"),
    ("claims", "change_citation"),
    ("claims", "delete_citation"),
    ("claims", "view_citation"),
    ("claims", "view_statuschange"),
    ("claims", "request_status_change"),
]
EDITOR_PERMISSIONS = [
    *REPORTER_PERMISSIONS,
    ("claims", "decide_status_change"),
    ("articles", "publish_article"),
]
ROLES = {"Reporters": REPORTER_PERMISSIONS, "Editors": EDITOR_PERMISSIONS}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations ran; make sure they exist now.
    for app_label in ("articles", "claims"):
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True  # what create_permissions checks on a real app
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in codenames
        )


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
