"""A web security scan of the running app with wapiti (from PyPI), signed in as an editor.

    .venv/bin/python -m bench.scan [--minutes 5]

It (re)creates the database `newsroom_bench_scan` (BENCH_DATABASE_URL to use
another), migrates it and loads the demo story and accounts, starts gunicorn with the
production settings over plain HTTP on 127.0.0.1:8141, and runs wapiti against it with an
editor's session (everything a reader sees, and the whole desk; signing out excluded). Wapiti
lives in its own virtual environment, `.venv-scan` in the checkout, made on first use:
its pinned dependencies are not the app's. It prints every finding by category, with the
address and parameter; bench/README.md triages them.

Only 127.0.0.1 is contacted (wapiti's own endpoint for blind checks is pointed at a port
where nothing listens); wapiti's attacks write to the scan's own database.
"""

import argparse
import json
import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.run import ROOT, environment, recreate_database, start_gunicorn, stop

PORT = 8141
# Nothing listens there: the checks that need wapiti's public endpoint (blind SSRF and the
# like) then confirm nothing, rather than the scan calling out of this machine.
NO_ENDPOINT = "http://127.0.0.1:8149/"
# Wapiti's default attacks but the TLS check (the bench serves plain HTTP); forms without
# a CSRF token, CRLF injection in headers, unexpected HTTP methods; and its passive checks
# of every answer (cookies' flags, security headers, CSP, disclosed errors).
MODULES = ",".join(
    [
        *("upload", "xss", "file", "exec", "redirect", "sql", "ssrf", "permanentxss"),
        *("csrf", "crlf", "methods"),
        *("cookieflags", "csp", "http_headers", "https_redirect", "inconsistent_redirection"),
        *("information_disclosure", "stacktrace_disclosure", "unsecure_password"),
    ]
)
WAPITI = "wapiti3>=3.3,<3.4"
SCAN_VENV = ROOT / ".venv-scan"


def wapiti():
    """The wapiti command, installed into its own virtual environment if need be."""
    executable = SCAN_VENV / "bin" / "wapiti"
    if not executable.exists():
        subprocess.run([sys.executable, "-m", "venv", str(SCAN_VENV)], check=True)
        pip = [str(SCAN_VENV / "bin" / "python"), "-m", "pip", "install", "--quiet"]
        subprocess.run([*pip, WAPITI], check=True)
    return str(executable)


def editor_cookies():
    """An editor's session, and a CSRF cookie: wapiti sends the cookies it is given but keeps
    none it is sent, and without one every form it posts would be refused (403) unread."""
    from django.contrib.auth.models import User
    from django.test import Client

    client = Client()
    client.force_login(User.objects.get(username="editor"))
    return f"sessionid={client.cookies['sessionid'].value}; csrftoken={secrets.token_hex(16)}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=5, help="longest the scan may take")
    options = parser.parse_args()

    database_url = os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom_bench_scan"
    )
    env = environment(database_url)
    os.environ.update(env)
    command = wapiti()
    recreate_database(database_url)

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("load_demo", force=True, password="scan-demo-password", verbosity=0)
    cookie = editor_cookies()

    base = f"http://127.0.0.1:{PORT}/"
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        server = start_gunicorn(env, PORT, 2)
        try:
            subprocess.run(
                [
                    command,
                    "--url",
                    base,
                    "--start",
                    base + "desk/",
                    "--cookie-value",
                    cookie,
                    "--exclude",
                    base + "accounts/logout/",
                    "--scope",
                    "folder",
                    "--module",
                    MODULES,
                    "--endpoint",
                    NO_ENDPOINT,
                    "--max-scan-time",
                    str(options.minutes * 60),
                    "--max-attack-time",
                    str(options.minutes * 60 / 10),
                    "--flush-session",
                    "--store-session",
                    scratch,
                    "--format",
                    "json",
                    "--output",
                    str(report),
                    "--no-bugreport",
                    "--verbose",
                    "0",
                ],
                check=True,
                timeout=options.minutes * 60 + 300,
            )
        finally:
            stop(server)
        findings = json.loads(report.read_text())

    print(f"scan: wapiti {findings['infos'].get('version', '')} on {base}, as an editor")
    total = 0
    for section in ("vulnerabilities", "anomalies", "additionals"):
        for category, items in sorted(findings.get(section, {}).items()):
            if not items:
                continue
            total += len(items)
            print(f"{section}: {category}: {len(items)}")
            for item in items:
                where = f"{item.get('method', '')} {item.get('path', '')}"
                parameter = f" [{item['parameter']}]" if item.get("parameter") else ""
                print(f"    {where}{parameter}: {item.get('info', '')[:160]}")
    print(f"findings: {total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
