"""docker-compose.yml cannot be run here (no Docker engine), so these keep it right by reading."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SETTINGS_SOURCE = (ROOT / "newsroom" / "settings.py").read_text()
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def variables_settings_reads():
    return set(
        re.findall(r'(?:os\.environ\.get|env_bool|env_list)\(\s*"([A-Z_]+)"', SETTINGS_SOURCE)
    )


def test_settings_reads_the_variables_design_names():
    assert {
        "DJANGO_DEBUG",
        "DJANGO_SECRET_KEY",
        "DJANGO_ALLOWED_HOSTS",
        "DATABASE_URL",
        "DJANGO_HTTPS",
    } <= variables_settings_reads()


def test_every_variable_compose_sets_for_the_app_is_one_settings_reads():
    web_environment = set(COMPOSE["services"]["web"]["environment"])
    assert web_environment - variables_settings_reads() == set()


def test_compose_runs_postgresql_17_and_the_app_on_it_under_gunicorn():
    db, web = COMPOSE["services"]["db"], COMPOSE["services"]["web"]
    assert db["image"].startswith("postgres:17")
    assert web["environment"]["DATABASE_URL"].startswith("postgres://")
    assert web["depends_on"]["db"]["condition"] == "service_healthy"
    command = web["command"]
    for step in ("migrate", "collectstatic", "gunicorn newsroom.wsgi"):
        assert step in command
    assert command.index("migrate") < command.index("gunicorn")


def test_both_services_have_healthchecks():
    for name in ("db", "web"):
        assert COMPOSE["services"][name]["healthcheck"]["test"]


def test_the_readme_documents_every_variable_settings_reads():
    readme = (ROOT / "README.md").read_text()
    missing = {name for name in variables_settings_reads() if f"`{name}`" not in readme}
    assert missing == set()
