"""The desk under load, for Locust (run by bench/load.py): 16 editors deciding what waits in
the review queue and 8 reporters asking for status changes, all at once.

Everyone works as the browser would with htmx: a reporter opens a claim's "Request status
change" form (to learn which statuses it can move to) and sends it; an editor reads the
queue's rows, picks one and approves or rejects it with the revision count the row
carried. Accounts arrive signed in (bench/load.py hands over their session cookies), so
the run measures the desk, not password hashing.

Answers: 200 is done; 409 is an expected refusal (another editor decided first, the claim
changed, a request is already pending), counted apart; anything else is an error.
"""

import json
import os
import random
import re
from collections import Counter

from locust import HttpUser, between, events, task

WORLD = json.loads(open(os.environ["BENCH_LOAD_WORLD"]).read())  # noqa: SIM115
HTMX = {"HX-Request": "true"}
EXPECTED_REFUSAL = 409
outcomes = Counter()  # (action, status) → count, written out at the end

_ROW = re.compile(r'<article id="request-(\d+)".*?name="revision" value="(\d+)"', re.DOTALL)
_STATUS = re.compile(r'<option value="(\w+)"')


class DeskUser(HttpUser):
    abstract = True
    wait_time = between(0.5, 1.5)
    accounts = []

    def on_start(self):
        account = self.accounts.pop()
        self.client.cookies.set("sessionid", account["session"])
        self.client.cookies.set("csrftoken", WORLD["csrf"])
        self.headers = {**HTMX, "X-CSRFToken": WORLD["csrf"], "Referer": self.host + "/desk/"}

    def send(self, method, url, action, **kwargs):
        with self.client.request(
            method, url, name=action, headers=self.headers, catch_response=True, **kwargs
        ) as response:
            outcomes[(action, response.status_code)] += 1
            if response.status_code == 200 or (
                method == "POST" and response.status_code == EXPECTED_REFUSAL
            ):
                response.success()
            else:
                response.failure(f"{response.status_code}")
            return response


class Editor(DeskUser):
    fixed_count = 16
    accounts = [a for a in WORLD["accounts"] if a["role"] == "editor"]

    @task
    def decide(self):
        queue = self.send("GET", "/desk/reviews/", "editor: read the review queue")
        rows = _ROW.findall(queue.text or "")
        if not rows:
            return
        pk, revision = random.choice(rows)
        verb = random.choice(["approve", "reject"])
        self.send(
            "POST",
            f"/desk/reviews/{pk}/{verb}/",
            f"editor: {verb}",
            data={"revision": revision, "note": "Checked under load.", "next": "/desk/reviews/"},
        )


class Reporter(DeskUser):
    fixed_count = 8
    accounts = [a for a in WORLD["accounts"] if a["role"] == "reporter"]

    @task
    def request_change(self):
        claim = random.choice(WORLD["claims"])
        url = f"/desk/claims/{claim}/request/"
        form = self.send("GET", url, "reporter: open the request form")
        statuses = _STATUS.findall(form.text or "")
        if not statuses:  # a request is pending already: nothing to ask
            return
        self.send(
            "POST",
            url,
            "reporter: request a status change",
            data={"to_status": random.choice(statuses), "rationale": "Two sources agree."},
        )


@events.quitting.add_listener
def _write_outcomes(environment, **kwargs):
    with open(os.environ["BENCH_LOAD_OUTCOMES"], "w") as out:
        json.dump([[action, status, n] for (action, status), n in outcomes.items()], out)
