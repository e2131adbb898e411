"""The desk under load: 16 editors approving and rejecting, 8 reporters requesting, at once,
for 30 seconds, on gunicorn and PostgreSQL, driven by Locust in headless mode.

    .venv/bin/python -m bench.load        # make bench-load

It (re)creates the database `newsroom_bench_load` (BENCH_DATABASE_URL to use another),
migrates it, makes four draft stories of 100 cited claims each and 24 signed-in accounts,
starts gunicorn (4 sync workers, production settings over plain HTTP) on 127.0.0.1:8140
and runs bench/locustfile.py against it. Then it prints, per action, the answers' median
and 99th percentile, the expected refusals (409: another editor decided first, the claim
changed) and the errors (5xx, or any other answer), and checks the audit trail: every
decision answered 200 is one decided status change, every request answered 200 one
request, and every claim's status is the one its last approved change gave it.

Target: no error, p99 ≤ 100 ms. Exits non-zero when either is missed or the audit check
fails.
"""

import csv
import datetime
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import defaultdict
from pathlib import Path

from bench.run import ROOT, environment, recreate_database, start_gunicorn, stop

PORT = 8140
SECONDS = 30
EDITORS, REPORTERS = 16, 8
STORIES, CLAIMS_PER_STORY = 4, 100
P99_TARGET = 100  # ms
WORKERS = 4


ASSESSED_ON = datetime.date(2025, 9, 1)


def generate():
    """The stories, their claims and the accounts, each signed in: {claims, accounts}."""
    from django.contrib.auth.models import Group, User
    from django.test import Client

    from articles import revisions
    from claims import editing
    from claims.content import assessment_entry, citation_entry
    from claims.models import Source

    groups = {name: Group.objects.get(name=name) for name in ("Reporters", "Editors")}
    accounts = []
    for role, count, group in (
        ("editor", EDITORS, groups["Editors"]),
        ("reporter", REPORTERS, groups["Reporters"]),
    ):
        for n in range(count):
            user = User.objects.create_user(f"load-{role}{n:02}")
            user.groups.add(group)
            client = Client()
            client.force_login(user)
            accounts.append({"role": role, "session": client.cookies["sessionid"].value})
    author = User.objects.get(username="load-reporter00")
    kcna = Source.objects.create(name="KCNA", kind=Source.Kind.STATE_MEDIA)
    nis = Source.objects.create(name="NIS", kind=Source.Kind.INTELLIGENCE_SERVICE)
    claims = []
    for story in range(STORIES):
        body = "\n\n".join(
            f"Paragraph {n}: officials said convoy {story}-{n} crossed the border."
            for n in range(CLAIMS_PER_STORY)
        )
        text = {"title": f"Load story {story}", "body": body, "standfirst": ""}
        text |= {"dateline": "SEOUL", "byline": "Load desk"}
        article = revisions.create(author, text)
        for n in range(CLAIMS_PER_STORY):
            content = {
                "statement": f"Convoy {story}-{n} crossed the border.",
                "quote": f"convoy {story}-{n} crossed the border",
                "quote_prefix": "",
                "quote_suffix": "",
                "public_note": "",
                # Two independent origins, and the NIS's assessment: each status a request
                # asks for may be approved (DESIGN.md rule 12), so a 409 is a race lost.
                "citations": [citation_entry(kcna), citation_entry(nis)],
                "assessment": assessment_entry(nis, "not_stated", ASSESSED_ON),
            }
            claims.append(editing.log_claim(article, author, content).pk)
    return {"claims": claims, "accounts": accounts, "csrf": secrets.token_hex(16)}


def warm_up(world, workers):
    """Every worker renders each page a few times first (templates compiled, first queries
    planned), as a server that has been up a while has: the run measures the steady desk."""
    editor = next(a for a in world["accounts"] if a["role"] == "editor")
    cookie = f"sessionid={editor['session']}"
    pages = ["/desk/reviews/", f"/desk/claims/{world['claims'][0]}/request/"]
    for _ in range(workers * 5):
        for page in pages:
            request = urllib.request.Request(
                f"http://127.0.0.1:{PORT}{page}", headers={"Cookie": cookie, "HX-Request": "true"}
            )
            with urllib.request.urlopen(request, timeout=30) as response:
                response.read()


def run_locust(env, world_path, outcomes_path, csv_prefix):
    command = [
        str(Path(sys.executable).parent / "locust"),
        "--locustfile",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "--users",
        str(EDITORS + REPORTERS),
        "--spawn-rate",
        str(EDITORS + REPORTERS),
        "--run-time",
        f"{SECONDS}s",
        # Let each person finish what they are doing when time is up: a decision cut off
        # after the server made it would be audited without a recorded answer.
        "--stop-timeout",
        "10",
        "--host",
        f"http://127.0.0.1:{PORT}",
        "--csv",
        csv_prefix,
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    locust_env = {**env, "BENCH_LOAD_WORLD": world_path, "BENCH_LOAD_OUTCOMES": outcomes_path}
    subprocess.run(command, cwd=ROOT, env=locust_env, check=False, timeout=SECONDS + 120)


def audit(outcomes):
    """Problems with the audit trail after the run, as sentences (none: all is well)."""
    from claims.models import Claim, StatusChange

    done = {action: n for action, status, n in outcomes if status == 200}
    decided_ok = done.get("editor: approve", 0) + done.get("editor: reject", 0)
    requested_ok = done.get("reporter: request a status change", 0)
    problems = []
    decided = StatusChange.objects.decided().count()
    if decided != decided_ok:
        problems.append(f"{decided_ok} decisions answered 200, {decided} decided rows")
    if StatusChange.objects.count() != requested_ok:
        problems.append(
            f"{requested_ok} requests answered 200, {StatusChange.objects.count()} rows"
        )
    chains = defaultdict(list)
    for change in StatusChange.objects.approved().order_by("decided_at", "pk"):
        chains[change.claim_id].append(change)
    for claim in Claim.objects.all():
        expected, changes = Claim.Status.UNCONFIRMED, chains.get(claim.pk, [])
        for change in changes:
            if change.from_status != expected:
                problems.append(f"claim {claim.pk}: change {change.pk} from {change.from_status}")
            expected = change.to_status
        if claim.status != expected:
            problems.append(f"claim {claim.pk} is {claim.status}; its trail says {expected}")
    return problems, decided, requested_ok


def main():
    database_url = os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom_bench_load"
    )
    env = environment(database_url)
    os.environ.update(env)
    recreate_database(database_url)

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    world = generate()

    with tempfile.TemporaryDirectory() as scratch:
        world_path, outcomes_path = f"{scratch}/world.json", f"{scratch}/outcomes.json"
        Path(world_path).write_text(json.dumps(world))
        server = start_gunicorn(env, PORT, WORKERS)
        try:
            warm_up(world, WORKERS)
            load_before = os.getloadavg()
            started = time.time()
            run_locust(env, world_path, outcomes_path, f"{scratch}/load")
            elapsed = time.time() - started
            load = os.getloadavg()
        finally:
            stop(server)
        outcomes = json.loads(Path(outcomes_path).read_text())
        with open(f"{scratch}/load_stats.csv") as stats_file:
            stats = [row for row in csv.DictReader(stats_file) if row["Name"] != "Aggregated"]

    print(
        f"load: {EDITORS} editors deciding, {REPORTERS} reporters requesting, {SECONDS} s "
        f"(ran {elapsed:.0f} s), gunicorn {WORKERS} sync workers, PostgreSQL, {os.cpu_count()} "
        "CPUs; "
        f"{len(world['claims'])} claims in {STORIES} draft stories"
    )
    by_action = defaultdict(dict)
    for action, status, n in outcomes:
        by_action[action][status] = n
    errors, slowest = 0, 0
    for row in sorted(stats, key=lambda row: row["Name"]):
        answers = by_action[row["Name"]]
        refused = answers.get(409, 0) if row["Type"] == "POST" else 0
        wrong = sum(answers.values()) - answers.get(200, 0) - refused
        errors += wrong
        p99 = float(row["99%"])
        slowest = max(slowest, p99)
        print(
            f"  {row['Name']}: {sum(answers.values())} requests, p50 {row['50%']} ms, "
            f"p99 {row['99%']} ms; {answers.get(200, 0)} done, {refused} refused (409), "
            f"{wrong} errors"
        )
    problems, decided, requested = audit(outcomes)
    print(
        f"audit: {requested} requests and {decided} decisions, each recorded once; "
        + (
            "every claim's status agrees with its trail"
            if not problems
            else "; ".join(problems[:5])
        )
    )
    print(f"errors: {errors}; slowest p99 {slowest:.0f} ms (target ≤ {P99_TARGET} ms)")
    print(
        f"(load average before the run {' '.join(f'{x:.1f}' for x in load_before)}, "
        f"after it {' '.join(f'{x:.1f}' for x in load)})"
    )
    return 0 if not errors and not problems and slowest <= P99_TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
