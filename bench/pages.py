"""Server CPU time per request, and the query count, of the main pages at two data sizes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cspeval_bench_pages \\
    .venv/bin/python bench/pages.py [--requests 200] [--scale 1000]

It migrates and seeds the database named by DATABASE_URL (created if missing) with the demo
world, starts gunicorn (2 sync workers, DEBUG=False) on a free local port, signs the demo
reseller in, and sends each page `--requests` GETs from a local load generator (2 client
threads, keep-alive). The server's CPU time is read from /proc for the gunicorn workers
before and after each page, so the figure is what the server spent, not what the client
waited. The query count of each page comes from one in-process request with Django's test
client. Then it adds `seed_demo --scale N` resellers and measures again: the query counts
must not change with the data size. Last, it publishes a new version of the provider scorecard
with 10 questions per area (40, the size the goal is stated for), opens the demo reseller's review
on it (pre-filled from the last one, as "start a new review" does) and measures that page too.

The floor printed beside the figures is /healthz: a request through gunicorn and Django's
middleware that touches no database.
"""

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cspeval.settings")
SERVER_ENV = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz-ABCDEFGH",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    "DJANGO_SECURE_SSL_REDIRECT": "false",
    "DJANGO_MANIFEST_STATIC": "false",
    "AXES_ENABLED": "false",
    "PYTHONWARNINGS": "ignore::UserWarning",  # whitenoise: no collected static files, none needed here
}
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        children = (task / "children").read_text().split()
        found += [int(c) for c in children]
    return found


def _cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks
    return total / CLOCK_TICKS


def _load(port: int, path: str, cookie: str, requests: int, threads: int = 2) -> list[float]:
    """GET `path` `requests` times over `threads` keep-alive connections; the wall times in ms."""
    times: list[float] = []
    errors: list[str] = []
    per_thread = requests // threads

    def run():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for _ in range(per_thread):
            start = time.perf_counter()
            conn.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
            response = conn.getresponse()
            response.read()
            times.append((time.perf_counter() - start) * 1000)
            if response.status != 200:
                errors.append(f"{path}: HTTP {response.status}")
        conn.close()

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    if errors:
        sys.exit(errors[0])
    return times


def _pages():
    """The pages to measure, as the demo reseller sees them, and that user's session cookie."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from assessments.models import Scorecard
    from providers.models import Organisation

    user = get_user_model().objects.get(username="reseller")
    reseller = Organisation.objects.get(memberships__user=user, kind="reseller")
    scorecard = (
        Scorecard.objects.filter(reseller=reseller, questionnaire__kind="provider_scorecard")
        .order_by("-status", "-pk")  # a draft if there is one
        .first()
    )
    slugs = list(
        Organisation.objects.filter(kind="provider", provider_profile__isnull=False)
        .order_by("name")
        .values_list("slug", flat=True)[:3]
    )
    pages = {
        "/healthz": "/healthz",
        "/providers/": "/providers/",
        "/scorecards/<id>/": f"/scorecards/{scorecard.pk}/",
        "/compare/": f"/compare/?providers={','.join(slugs)}",
    }
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    questions = scorecard.questionnaire.areas.values("questions").count()
    return pages, cookie, client, questions


def _query_counts(client, pages) -> dict[str, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for name, path in pages.items():
        client.get(path)  # warm caches, as the server's workers are warm
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, f"{path}: HTTP {response.status_code}"
        counts[name] = len(queries)
    return counts


def _measure(port, master, pages, cookie, requests) -> dict[str, tuple[float, float]]:
    results = {}
    for name, path in pages.items():
        _load(port, path, cookie, 20)  # warm up both workers
        workers = _children(master)
        before = _cpu_seconds(workers)
        times = _load(port, path, cookie, requests)
        cpu = _cpu_seconds(workers) - before
        results[name] = (cpu * 1000 / len(times), statistics.median(times))
    return results


def _forty_questions() -> tuple[dict[str, str], int]:
    """A new published version of the provider scorecard with 10 questions per area (the demo's
    own, plus copies of the first ones with a new wording), through the admin's services; and the
    demo reseller's review on it. Returns the pages to measure and the question count."""
    from django.contrib.auth import get_user_model

    from assessments.models import Question, QuestionOption
    from assessments.services import questionnaires, scorecards
    from providers.models import Organisation

    admin = get_user_model().objects.get(username="admin")
    current = scorecards.current_questionnaire("provider_scorecard")
    draft = questionnaires.questionnaire_new_version(user=admin, questionnaire_id=current.pk)
    for area in draft.areas.prefetch_related("questions__options"):
        existing = sorted(area.questions.all(), key=lambda q: (q.order, q.pk))
        for n, source in enumerate(existing[: max(0, 10 - len(existing))], start=1):
            options = list(source.options.all())
            source.pk = source.id = None
            source.text = f"{source.text} (follow-up {n})"[:300]
            source.order = 100 + n
            source.save()
            QuestionOption.objects.bulk_create(
                QuestionOption(question=source, key=o.key, label=o.label, points=o.points, order=o.order)
                for o in options
            )
    questionnaires.questionnaire_publish(user=admin, questionnaire_id=draft.pk)
    user = get_user_model().objects.get(username="reseller")
    reseller = Organisation.objects.get(memberships__user=user, kind="reseller")
    provider = Organisation.objects.filter(kind="provider", provider_profile__isnull=False).order_by("name").first()
    scorecard, _ = scorecards.scorecard_start(user=user, reseller=reseller, provider=provider)
    count = Question.objects.filter(area__questionnaire=draft).count()
    return {"/healthz": "/healthz", "/scorecards/<id>/": f"/scorecards/{scorecard.pk}/"}, count


def _report(label, results, counts, questions) -> None:
    floor = results["/healthz"][0]
    print(f"\n{label}")
    print(f"  {'page':<20} {'server CPU/req':>15} {'x floor':>8} {'median wall':>12} {'queries':>8}")
    for name, (cpu, wall) in results.items():
        ratio = cpu / floor if floor else float("nan")
        print(f"  {name:<20} {cpu:>12.2f} ms {ratio:>8.1f} {wall:>9.2f} ms {counts[name]:>8}")
    scorecard_cpu = results["/scorecards/<id>/"][0]
    verdict = "met" if scorecard_cpu < 20 else "NOT met"
    print(f"  scorecard page ({questions} questions): {scorecard_cpu:.2f} ms CPU, goal < 20 ms -> {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--scale", type=int, default=1000, help="resellers added for the second size")
    args = parser.parse_args()
    from support import setup_django  # same folder

    os.environ.update(SERVER_ENV)  # the in-process requests see the server's settings
    setup_django("pages", need_broker=False)
    from django.core.management import call_command

    from assessments.models import Scorecard

    call_command("seed_demo", password="bench-only-password", verbosity=0)

    port = _free_port()
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "cspeval.wsgi:application", "--bind", f"127.0.0.1:{port}"),
            *("--workers", "2", "--worker-class", "sync", "--log-level", "warning"),
        ],
        cwd=ROOT,
        env=os.environ | SERVER_ENV,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        print(f"gunicorn: 2 sync workers, DEBUG=False; {args.requests} requests per page, 2 client threads")
        for size in ("demo", "scaled"):
            if size == "scaled":
                started = time.perf_counter()
                call_command("seed_demo", password="bench-only-password", scale=args.scale, verbosity=0)
                call_command("recompute_scores", dirty=True, inline=True, verbosity=0)
                print(f"\nseed_demo --scale {args.scale} and its recompute: {time.perf_counter() - started:.1f} s")
            pages, cookie, client, questions = _pages()
            counts = _query_counts(client, pages)
            results = _measure(port, server.pid, pages, cookie, args.requests)
            _report(f"{size}: {Scorecard.objects.count()} scorecards", results, counts, questions)
            if size == "demo":
                first_counts = counts
        same = first_counts == counts
        print(f"\nquery counts the same at both sizes: {'yes' if same else 'NO'} ({first_counts} / {counts})")

        pages, questions = _forty_questions()  # the same signed-in reseller's client and cookie
        counts = _query_counts(client, pages)
        results = _measure(port, server.pid, pages, cookie, args.requests)
        _report(f"a new version with {questions} questions", results, counts, questions)
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
