"""Driving the Django admin as a person does: its pages, its actions, its messages."""

from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.urls import reverse

from tests.factories import make_user


def make_superuser(username="admin"):
    return make_user(username, is_staff=True, is_superuser=True)


def make_staff(*permissions, groups=()):
    """A staff account with only the given permissions ("claims.view_statuschange")."""
    user = make_user(is_staff=True, groups=groups)
    for permission in permissions:
        app_label, codename = permission.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


def changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def change_page(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def run_action(client, model, action, objects):
    return client.post(
        changelist(model),
        {"action": action, "_selected_action": [obj.pk for obj in objects]},
    )


def messages_of(response):
    """(level tag, text) of each message the response leaves for the next page."""
    return [(message.level_tag, message.message) for message in get_messages(response.wsgi_request)]
