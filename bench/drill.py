"""What the fault drill (bench/faults.py) reads and judges: the desk's pages as an editor's
browser reads them (bench/locustfile_faults.py uses these), each answer's kind, the decisions
against the audit trail, and the report. tests/test_fault_drill.py holds them."""

import collections
import os
import re

READER_ROUTES = ("GET story", "GET claims.json", "GET /")
DECISIONS = ("POST approve", "POST reject")
REVISION = re.compile(r'name="revision" value="(\d+)"')
OPTION = re.compile(r'<option value="([a-z_]+)"')


def queue_rows(page):
    """The review queue's status requests, each as (its id, the revision count its decision
    form carries), as an editor's browser reads them (bench/locustfile_faults.py)."""
    rows = []
    for row in page.split('<article id="request-')[1:]:
        change = row[: row.index('"')]
        if revision := REVISION.search(row):
            rows.append((int(change), int(revision.group(1))))
    return rows


def offered_statuses(form):
    """The statuses a claim's request form offers (never the one it has)."""
    return OPTION.findall(form)


def tally(outcomes, killed_at):
    """Per route: answers by kind. A request with no answer at all within a second of the
    worker's kill counts as lost with it, not as an error of the app's."""
    routes = collections.defaultdict(collections.Counter)
    for answer in outcomes:
        kind = classify(answer, killed_at)
        routes[answer["route"]][kind] += 1
    return routes


def classify(answer, killed_at):
    status = answer["status"]
    if status == 200:
        return "stale" if answer["stale"] else "ok"
    if status == 409:
        return "409"
    if status == 503 and answer["ours"]:
        return "503"
    if status == 0 and killed_at and abs(answer["t"] - killed_at) < 1.0:
        return "killed"
    return "error"


def recovery(outcomes, back_at):
    """After PostgreSQL came back: how long until the desk answered a request 200 again, and
    until the last stale page a reader got."""
    desk = [a["t"] for a in outcomes if a["route"] not in READER_ROUTES and a["status"] == 200]
    stale = [a["t"] for a in outcomes if a["stale"]]
    after = [t - back_at for t in desk if t >= back_at] if back_at else []
    last_stale = max(stale) - back_at if stale and back_at else None
    return (min(after) if after else None), last_stale


def audit(outcomes, log_lines, started):
    """Decisions as the editors were told of them, as the database holds them, as logged."""
    from claims.models import Claim, StatusChange

    told = collections.defaultdict(list)  # request id → the decisions answered 200
    unclear = set()  # sent, and answered neither 200 nor 409 (503, no answer)
    for answer in outcomes:
        if answer["route"] in DECISIONS:
            if answer["status"] == 200:
                told[answer["change"]].append(answer["action"])
            elif answer["status"] != 409:
                unclear.add(answer["change"])
    logged = collections.Counter(
        (line["status_change"], line["event"].split(".")[1])
        for line in log_lines
        if line.get("event") in ("status_change.approved", "status_change.rejected")
    )
    decided = {
        change.pk: change
        for change in StatusChange.objects.filter(decided_at__gte=started).exclude(state="pending")
    }
    verb = {"approve": "approved", "reject": "rejected"}
    report = {
        "told": sum(len(actions) for actions in told.values()),
        "decided": len(decided),
        # Told it was decided, twice: the second should have been refused (409).
        "doubled": [pk for pk, actions in told.items() if len(actions) > 1],
        # Told it was decided, and it is not, or not that way.
        "lost": [
            pk
            for pk, actions in told.items()
            if pk not in decided or decided[pk].state != verb[actions[0]]
        ],
        # Decided though nobody was told so: only where the answer never came (a worker
        # killed, a connection cut as it committed).
        "untold": [pk for pk in decided if pk not in told],
        "unexplained": [pk for pk in decided if pk not in told and pk not in unclear],
        # One log line per decision, saying what it was.
        "log_mismatch": [pk for pk, change in decided.items() if logged[(pk, change.state)] != 1]
        + [pk for pk, _ in logged if pk not in decided],
        "undocumented": [pk for pk, change in decided.items() if not change.decided_by_id],
    }
    claims = list(Claim.objects.filter(status_changes__decided_at__gte=started).distinct())
    report["claims"] = len(claims)
    report["claims_off"] = [claim.pk for claim in claims if not trail_holds(claim)]
    return report


def trail_holds(claim):
    """The claim's approved changes, in the order decided, lead from its first status
    (unconfirmed, as every claim starts) to the one it has, each from the one before."""
    status = "unconfirmed"
    for change in claim.status_changes.filter(state="approved").order_by("decided_at", "pk"):
        if change.from_status != status:
            return False
        status = change.to_status
    return status == claim.status


def report(options, faults, routes, result):
    print(
        f"faults: gunicorn {options.workers} workers on a PostgreSQL of the drill's own, "
        f"{os.cpu_count()} CPUs (shared: figures are indicative); Locust {options.readers} "
        f"readers, {options.editors} editors, {options.reporters} reporters for "
        f"{options.seconds} s; sessions ended every {options.purge_every:g} s"
    )
    for at, what in faults.timeline:
        print(f"  {at:5.1f} s  {what}")
    kinds = ("ok", "stale", "409", "503", "killed", "error")
    print(f"{'route':<20}{'answers':>9}" + "".join(f"{kind:>8}" for kind in kinds))
    for route in sorted(routes):
        counts = routes[route]
        print(
            f"{route:<20}{sum(counts.values()):>9}"
            + "".join(f"{counts[kind]:>8}" for kind in kinds)
        )
    print(
        "(stale: a reader's page from before the outage, marked; 409: a race lost, as it "
        "should be; 503: ours, while the database was away (an error for a reader); killed: "
        "no answer, in flight on the worker killed)"
    )
    print(
        f"decisions: {result['told']} answered as made, {result['decided']} recorded; "
        f"lost {len(result['lost'])}, doubled {len(result['doubled'])}, recorded but the "
        f"answer never came {len(result['untold'])} (unexplained {len(result['unexplained'])}), "
        f"log lines not one per decision {len(result['log_mismatch'])}, "
        f"without who and when {len(result['undocumented'])}"
    )
    print(
        f"claims: {result['claims']} with decisions in the drill; status not the one their "
        f"approved changes lead to: {len(result['claims_off'])}"
    )
    print(f"(load average {' '.join(f'{x:.1f}' for x in os.getloadavg())})")
    # A reader is never to be refused: our own 503 counts against the drill too.
    reader_errors = sum(
        routes[route]["error"] + routes[route]["503"] for route in READER_ROUTES if route in routes
    )
    desk_errors = sum(
        counts["error"] for route, counts in routes.items() if route not in READER_ROUTES
    )
    failed = (
        reader_errors
        or desk_errors
        or result["lost"]
        or result["doubled"]
        or result["unexplained"]
        or result["log_mismatch"]
        or result["undocumented"]
        or result["claims_off"]
    )
    return 1 if failed else 0
