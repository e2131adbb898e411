"""The desk's two roles (DESIGN.md rule 6): Django groups holding model permissions.

Reporters write stories and claims, keep the source registry and ask for status changes;
editors also decide those requests, merge duplicate sources and publish. Nobody's group may
delete audit rows.
"""

from django.apps import apps as global_apps
from django.db.models.signals import post_migrate

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
    ("claims", "merge_source"),
    ("articles", "publish_article"),
]
ROLES = {"Reporters": REPORTER_PERMISSIONS, "Editors": EDITOR_PERMISSIONS}


def is_desk_member(user):
    """Reporters and editors: the desk is a small trusted team in which everyone works on
    every story. Anyone else (a signed-in account without a role) sees none of it."""
    return user.has_perm("claims.request_status_change") or user.has_perm(
        "articles.publish_article"
    )


def sync_roles(apps, *, missing_ok=False):
    """Make each group exist with exactly its permissions.

    Takes an app registry, so the data migration (historical models) and the post_migrate
    receiver (current ones) share it. The migration that first made the roles runs before
    later migrations add permissions (`merge_source`): it passes `missing_ok`, and the
    post_migrate receiver, run after every migrate, grants them.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = []
        for app, codename in codenames:
            found = Permission.objects.filter(content_type__app_label=app, codename=codename)
            if missing_ok:
                permissions += found
            else:
                permissions.append(found.get())
        group.permissions.set(permissions)


def restore_roles(sender, apps=global_apps, **kwargs):
    """After every migrate and every flush (which empties auth_group), the roles are back.

    Without this a flushed database (a test that resets it, `manage.py flush`) would have
    accounts whose groups silently vanished. `migrate` passes its own registry; `flush`
    passes none.
    """
    sync_roles(apps)


def connect(app_config):
    post_migrate.connect(restore_roles, sender=app_config, dispatch_uid="claims.restore_roles")
