"""docker-compose.yml cannot be run here (no Docker engine), so these keep it right by reading:
the compose file, the Dockerfile and the proxy's configuration against what the app reads."""

import re
import shlex
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SETTINGS_SOURCE = (ROOT / "newsroom" / "settings.py").read_text()
GUNICORN_SOURCE = (ROOT / "gunicorn.conf.py").read_text()
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
DOCKERFILE = (ROOT / "Dockerfile").read_text()
NGINX = (ROOT / "deploy" / "nginx.conf").read_text()
READ = r'(?:os\.environ\.get|env_bool|env_list|env_choice|env_number|_env_int)\(\s*"([A-Z_]+)"'


def variables_settings_reads():
    return set(re.findall(READ, SETTINGS_SOURCE))


def variables_the_app_reads():
    return variables_settings_reads() | set(re.findall(READ, GUNICORN_SOURCE))


def command_of(service):
    """What the service's container runs: its own command, or the image's CMD."""
    command = service.get("command")
    if command is None:
        (cmd,) = re.findall(r"^CMD (\[.*\])$", DOCKERFILE, re.MULTILINE)
        command = yaml.safe_load(cmd)
    return command if isinstance(command, str) else shlex.join(command)


def test_settings_reads_the_variables_design_names():
    assert {
        "DJANGO_DEBUG",
        "DJANGO_SECRET_KEY",
        "DJANGO_ALLOWED_HOSTS",
        "DATABASE_URL",
        "DJANGO_HTTPS",
    } <= variables_settings_reads()


def test_every_variable_compose_sets_for_the_app_is_one_the_app_reads():
    for name in ("migrate", "web"):
        assert set(SERVICES[name]["environment"]) - variables_the_app_reads() == set()


def test_the_readme_documents_every_variable_the_app_reads():
    readme = (ROOT / "README.md").read_text()
    missing = {name for name in variables_the_app_reads() if f"`{name}`" not in readme}
    assert missing == set()


def test_postgresql_17_and_the_app_on_it():
    assert SERVICES["db"]["image"].startswith("postgres:17")
    for name in ("migrate", "web"):
        database_url = SERVICES[name]["environment"]["DATABASE_URL"]
        assert database_url.startswith("postgres://") and "@db:5432/" in database_url
        assert SERVICES[name]["depends_on"]["db"]["condition"] == "service_healthy"


def test_migrations_run_once_in_their_own_service_before_any_replica_starts():
    migrate, web = SERVICES["migrate"], SERVICES["web"]
    assert "manage.py migrate" in command_of(migrate)
    assert migrate.get("restart", "no") == "no"
    assert web["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert "migrate" not in command_of(web)
    # The same image: what migrates is what serves.
    assert migrate["image"] == web["image"] and migrate["build"] == web["build"]


def test_static_files_are_collected_into_the_image_and_never_at_start():
    assert "manage.py collectstatic" in DOCKERFILE
    assert "volumes" not in SERVICES["web"]
    for name in ("migrate", "web"):
        assert "collectstatic" not in command_of(SERVICES[name])


def test_the_replicas_run_gunicorn_with_its_configuration_file():
    command = command_of(SERVICES["web"])
    assert command.startswith("gunicorn -c gunicorn.conf.py")
    assert re.search(r"^COPY .*gunicorn\.conf\.py", DOCKERFILE, re.MULTILINE)


def test_web_scales_behind_the_proxy():
    web, proxy = SERVICES["web"], SERVICES["proxy"]
    # A published host port would let only one replica start.
    assert "ports" not in web
    assert web["environment"]["DJANGO_BEHIND_PROXY"] == "1"
    assert proxy["image"].split(":")[0] in {"nginx", "caddy"}  # official images
    assert proxy["ports"] == ["8000:80"]
    assert "./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro" in proxy["volumes"]
    assert proxy["depends_on"]["web"]["condition"] == "service_healthy"
    assert re.search(r"server web:8000 resolve;", NGINX)
    assert "proxy_pass http://web;" in NGINX


def test_the_proxy_tells_the_app_who_asked_how_and_which_request_it_is():
    forwarded = dict(re.findall(r"proxy_set_header ([\w-]+) (\S+);", NGINX))
    assert forwarded["X-Forwarded-For"] == "$proxy_add_x_forwarded_for"
    assert forwarded["X-Forwarded-Proto"] == "$scheme"
    # Set by the proxy for every request, so the app may believe it (DJANGO_BEHIND_PROXY).
    assert forwarded["X-Request-ID"] == "$request_id"
    assert forwarded["Host"] == "$http_host"


def test_healthchecks_ask_the_apps_health_endpoints():
    assert SERVICES["db"]["healthcheck"]["test"]
    assert "/readyz" in " ".join(SERVICES["web"]["healthcheck"]["test"])
    assert "/healthz" in " ".join(SERVICES["proxy"]["healthcheck"]["test"])
    for name in ("web", "proxy"):
        assert "http://127.0.0.1" in " ".join(SERVICES[name]["healthcheck"]["test"])
    assert "127.0.0.1" in SERVICES["web"]["environment"]["DJANGO_ALLOWED_HOSTS"].split(",")
