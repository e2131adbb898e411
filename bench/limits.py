"""The desk at its limits: a story body of 100,000 characters with 200 claims.

    .venv/bin/python -m bench.limits

It (re)creates the database `newsroom_bench_limits` (BENCH_DATABASE_URL to use
another), migrates it, and makes the largest story the limits allow, through the newsroom's
own code: a body of the longest length, 200 claims whose quotes are the body's commonest
words with words before and after that match none of their occurrences (so that every
occurrence must be looked at), each with a pending status request or (every tenth,
verified) a pending edit; and a published story as long, with a pending correction of its
whole body. Then it times, in this process
against PostgreSQL, what an editor opens: the desk's article page, the review queue (200
requests, 20 edits and the body's correction, word by word) and the publication gate.

Target: each under a second. It prints the figures and exits non-zero when one is missed.
"""

import os
import statistics
import sys
import time

from bench.run import environment, recreate_database

TARGET = 1.0  # seconds
CLAIMS = 200
RUNS = 5
COMMON = ["the", "said", "of the", "in", "that", "Korea", "and"]


def body_of(length):
    """Markdown paragraphs, with subheadings, repeating a news story's commonest words."""
    sentences = [
        "The delegation said that the talks in the capital of the North had gone well.",
        "Officials in Seoul and Tokyo said the convoy crossed the border before dawn.",
        "According to the agency, the leader of the North met the president of Russia.",
        "Lawmakers were told that about 15,000 troops had been sent to the front.",
        "The ministry in Beijing said the parade would pass the rostrum at nine.",
    ]
    paragraphs, size, n = [], 0, 0
    while size < length:
        paragraph = " ".join(sentences[(n + i) % len(sentences)] for i in range(4))
        if n % 12 == 11:
            paragraph = f"## Part {n // 12 + 1}\n\n{paragraph}"
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
        n += 1
    text = "\n\n".join(paragraphs)[:length]
    return text[:-1] + "." if text[-1].isspace() else text


def generate():
    from django.contrib.auth.models import Group, User

    from articles import publishing, revisions
    from claims import editing, limits, workflow
    from claims.content import citation_entry
    from claims.models import Source

    reporter = User.objects.create_user("bench-reporter")
    editor = User.objects.create_user("bench-editor")
    reporter.groups.add(Group.objects.get(name="Reporters"))
    editor.groups.add(Group.objects.get(name="Editors"))
    source = Source.objects.create(name="KCNA", kind=Source.Kind.STATE_MEDIA)
    body = body_of(limits.STORY_BODY)
    text = {
        "title": "The largest story",
        "standfirst": "",
        "dateline": "SEOUL",
        "byline": "Benchmark desk",
        "body": body,
    }
    article = revisions.create(reporter, text)
    for n in range(CLAIMS):
        quote = COMMON[n % len(COMMON)]
        content = {
            "statement": f"Claim {n + 1} about “{quote}”.",
            "quote": quote,
            # Context that occurs nowhere: no occurrence agrees, so each is looked at.
            "quote_prefix": f"nowhere {n}",
            "quote_suffix": f"never {n}",
            "public_note": "",
            "citations": [citation_entry(source, detail="reported on the day")],
        }
        claim = editing.log_claim(article, reporter, content)
        change = workflow.request_status_change(claim, reporter, "verified", "Two agree.")
        if n % 10 == 0:  # verified, then edited: the edit waits for an editor
            # One origin: verified on the editor's primary-record note (DESIGN.md rule 12).
            workflow.approve(change, editor, primary_record="KCNA's own report.")
            claim.refresh_from_db()
            changed = {**content, "statement": f"Claim {n + 1}, reworded."}
            editing.edit(claim, reporter, changed, seen=claim.revision)
    # A published story of the same length, its whole body corrected word by word.
    published = revisions.create(reporter, {**text, "title": "The largest story, published"})
    publishing.publish(published, editor)
    corrected = {**text, "body": body.replace("said", "told", 300)}
    revisions.edit(published, reporter, corrected, seen=published.revision)
    article.refresh_from_db()
    return article, editor


def timed(request, runs=RUNS):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        status = request()
        times.append(time.perf_counter() - start)
        if status not in (200, 409):
            raise RuntimeError(f"answered {status}")
    return times


def main():
    database_url = os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom_bench_limits"
    )
    os.environ.update(environment(database_url))
    recreate_database(database_url)

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)

    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from articles import publishing
    from articles.models import Article

    started = time.perf_counter()
    article, editor = generate()
    made = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(editor)
    page, queue = reverse("desk:article", args=[article.pk]), reverse("desk:review_queue")
    publish = reverse("desk:article_publish", args=[article.pk])

    def gate():
        problems = publishing.publication_problems(Article.objects.get(pk=article.pk))
        assert len(problems) >= CLAIMS  # every claim waits for its request
        return 200

    results = {
        "desk article page": timed(lambda: client.get(page).status_code),
        "review queue": timed(lambda: client.get(queue).status_code),
        "publication gate": timed(gate),
        "Publish (refused, every reason listed)": timed(
            lambda: client.post(publish, headers={"HX-Request": "true"}).status_code
        ),
    }
    print(
        f"limits: body {len(article.body):,} characters, {article.claims.count()} claims "
        f"(each with a pending request or edit), and a published story as long with a "
        f"pending correction of its body; made in {made:.0f} s; PostgreSQL, {os.cpu_count()} CPUs"
    )
    missed = False
    for name, times in results.items():
        median, worst = statistics.median(times), max(times)
        ok = worst < TARGET
        missed |= not ok
        print(
            f"{name}: median {median * 1000:.0f} ms, slowest {worst * 1000:.0f} ms "
            f"(first {times[0] * 1000:.0f} ms; {len(times)} runs) "
            f"{'ok' if ok else 'MISSED'} (target < {TARGET:g} s)"
        )
    print(f"(load average {' '.join(f'{x:.1f}' for x in os.getloadavg())})")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
