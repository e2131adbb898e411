"""The fault drill's load (bench/faults.py runs it): readers, editors deciding, reporters asking.

    locust -f bench/locustfile_faults.py --headless …   (bench/faults.py starts it)

Run by bench/faults.py, which hands it, through DRILL_SETUP (a JSON file), the story and
its claims and each role's signed-in sessions, and reads back what every client saw from
DRILL_OUTCOMES (JSON lines): one line per request, its route and how it was answered, and
for each decision the request decided. Not a test of speed: of answers under faults.

- **Readers** load the story, its claims.json and the front page, anonymously.
- **Editors** (two accounts, several clients each) open the review queue, pick a waiting
  request and approve or reject it with the revision count the row shows, as the queue's
  form sends it (htmx). Two editors on one request race: one wins, the other gets 409.
- **Reporters** ask for a status change on a claim, with a status its form offers.
"""

import json
import os
import random
import time
from pathlib import Path

from locust import HttpUser, between, task

from bench.drill import offered_statuses, queue_rows

SETUP = json.loads(Path(os.environ["DRILL_SETUP"]).read_text())
# Open for the whole run, a line written as each answer comes (gevent's clients share it).
OUTCOMES = Path(os.environ["DRILL_OUTCOMES"]).open("a", buffering=1)  # noqa: SIM115
STALE_HEADER = "X-Served-Stale"


def record(route, response, **fields):
    """One line of what this client saw: how the request was answered."""
    status = response.status_code  # 0: no answer at all (connection refused or cut)
    answer = {
        "t": time.time(),
        "route": route,
        "status": status,
        "stale": STALE_HEADER in response.headers,
        # Our own 503 (newsroom/outage.py) says so; a proxy's or a server's would not.
        "ours": status == 503 and "Retry-After" in response.headers,
        "error": "" if status else type(response.error).__name__,
        **fields,
    }
    OUTCOMES.write(json.dumps(answer) + "\n")
    return answer


class Signed(HttpUser):
    abstract = True
    role = ""

    def on_start(self):
        session, csrf = random.choice(SETUP["sessions"][self.role])
        self.client.cookies.set("sessionid", session)
        self.client.cookies.set("csrftoken", csrf)
        self.headers = {"X-CSRFToken": csrf, "HX-Request": "true"}

    def post(self, path, data, name):
        with self.client.post(
            path, data=data, headers=self.headers, name=name, catch_response=True
        ) as response:
            # 409 (someone was first) and our own 503 (the database is away) are answers the
            # desk gives on purpose; the drill counts them apart from errors.
            if response.status_code in (409, 503):
                response.success()
            return response


class Reader(HttpUser):
    fixed_count = int(os.environ.get("DRILL_READERS", "12"))
    wait_time = between(0.05, 0.25)

    def get(self, path, route):
        headers = {"Accept-Encoding": "gzip"}
        with self.client.get(path, headers=headers, name=route, catch_response=True) as response:
            record(route, response)

    @task(6)
    def story(self):
        self.get(SETUP["story"], "GET story")

    @task(2)
    def claims_json(self):
        self.get(SETUP["story"] + "claims.json", "GET claims.json")

    @task(1)
    def front_page(self):
        self.get("/", "GET /")


class Editor(Signed):
    fixed_count = int(os.environ.get("DRILL_EDITORS", "4"))
    wait_time = between(0.2, 0.6)
    role = "editors"

    @task
    def decide(self):
        with self.client.get(
            "/desk/reviews/", name="GET /desk/reviews/", catch_response=True
        ) as queue:
            record("GET /desk/reviews/", queue)
            if queue.status_code != 200:
                if queue.status_code == 503:
                    queue.success()
                return
            rows = queue_rows(queue.text)
        if not rows:
            return
        change, revision = random.choice(rows)
        action = random.choice(("approve", "reject"))
        response = self.post(
            f"/desk/reviews/{change}/{action}/",
            {"revision": revision, "note": "Decided in the fault drill."},
            name=f"POST {action}",
        )
        record(f"POST {action}", response, change=change, action=action)


class Reporter(Signed):
    fixed_count = int(os.environ.get("DRILL_REPORTERS", "2"))
    wait_time = between(0.3, 0.8)
    role = "reporters"

    @task
    def ask(self):
        claim = random.choice(SETUP["claims"])
        path = f"/desk/claims/{claim}/request/"
        with self.client.get(
            path, headers=self.headers, name="GET request form", catch_response=True
        ) as form:
            record("GET request form", form)
            if form.status_code != 200:
                if form.status_code == 503:
                    form.success()
                return
            statuses = offered_statuses(form.text)
        if "unconfirmed" in statuses or "verified" in statuses:
            # Never an intelligence estimate: the drill's claims do not all cite the service.
            wanted = [status for status in statuses if status != "intelligence_estimate"]
            response = self.post(
                path,
                {"to_status": random.choice(wanted), "rationale": "Asked in the fault drill."},
                name="POST request",
            )
            record("POST request", response, claim=claim)
