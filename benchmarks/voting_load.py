"""Voting under load: simulated participants voting over HTTP against gunicorn + PostgreSQL.

Run: .venv/bin/python benchmarks/voting_load.py [--participants 200] [--seconds 60]
     [--workers 4] [--statements 60]

The benchmark creates a fresh database ``samskap_votebench`` on the server of DATABASE_URL
(default postgres://root@127.0.0.1:5432/postgres), migrates it, creates an open conversation
with ``--statements`` statements, and starts ``gunicorn config.wsgi --preload`` on it
(production settings, ``--workers`` sync workers). Then ``--participants`` threads, each one
simulated person with their own cookies, vote for ``--seconds`` seconds on loopback as fast as
the server answers: fetch the page once (CSRF cookie), then POST votes the way htmx does
(``HX-Request``), on statements drawn at random *with* replacement, so people also change
their votes and vote twice on the same statement.

It prints votes/s and the p50/p95/p99 latency of the answered vote requests, then checks the
database: it must hold exactly the votes that got a success answer ("Your vote was
recorded."), each with the value of that person's last successful vote on that statement:
none lost, none doubled. A request the client gave up on (no answer within
``CLIENT_TIMEOUT``) may or may not have been stored; such votes are counted apart, never as
confirmed. The database and gunicorn are removed afterwards.

All simulated people share one address and vote far faster than people do, so the rate
limits are raised (``SAMSKAP_RATE_LIMIT_SCALE``); their counting queries still run on every
vote. The load generator shares the machine's two cores with the server.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCH_DB = "samskap_votebench"
RECORDED = "Your vote was recorded."
#: Seconds a simulated person waits for an answer before giving up on it.
CLIENT_TIMEOUT = 60


@dataclass
class Person:
    """One simulated participant: cookies, what the server confirmed, latencies."""

    index: int
    cookies: dict[str, str] = field(default_factory=dict)
    confirmed: dict[int, int] = field(default_factory=dict)  # statement → last confirmed value
    #: statement → values sent after the last confirmation whose answer never came: the
    #: server may or may not have stored them.
    unknown: dict[int, set[int]] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)
    failures: int = 0
    timeouts: int = 0
    unconfirmed: int = 0

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def take_cookies(self, response: http.client.HTTPResponse) -> None:
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0].strip('"')

    @property
    def token(self) -> str | None:
        signed = self.cookies.get("samskap_participant")
        return signed.split(":", 1)[0] if signed else None


def database_urls() -> tuple[str, str]:
    base = os.environ.get("DATABASE_URL", "postgres://root@127.0.0.1:5432/postgres")
    parts = urlparse(base)
    return base, urlunparse(parts._replace(path=f"/{BENCH_DB}"))


def recreate_database(admin_url: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{BENCH_DB}"')


def drop_database(admin_url: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')


def server_env(bench_url: str) -> dict[str, str]:
    return {
        **os.environ, "DATABASE_URL": bench_url, "SAMSKAP_DEBUG": "0",
        "SECRET_KEY": "voting-load-benchmark-0123456789abcdefghijklmnopqrstuvwxyz",
        "SAMSKAP_SECURE": "0", "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SAMSKAP_RATE_LIMIT_SCALE": "1000", "SAMSKAP_STATIC_MANIFEST": "0",
        "DJANGO_SETTINGS_MODULE": "config.settings", "PYTHONWARNINGS": "ignore",
    }


SET_UP = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.utils import timezone
from samskap.accounts.models import User
from samskap.conversations import actions
from samskap.municipalities.models import Municipality
from samskap.planning import actions as planning
from samskap.processes.models import Process
m = Municipality.objects.create(number="9990", name="Lastvik", county_number="99",
                                county="Test", uses_platform=True, is_fictional=True)
user = User.objects.create_user(email="last@example.org", password=None)
cycle = planning.start_cycle(m, 2024, user)
process = Process.objects.create(municipality=m, cycle=cycle, step=2, title="Last",
    purpose="Last", authority_role="community_development", state="open",
    published_at=timezone.now())
c = actions.save_conversation(process=process, user=user,
    data={"topic": "Lasttest", "moderation": "post"})
actions.add_seed_statements(c, user, [f"Påstand nummer {n} om nærmiljøet her."
                                      for n in range(STATEMENTS)])
print(c.get_absolute_url())
"""


def set_up(bench_url: str, statements: int) -> str:
    """Migrate and create the conversation (in a child process); its path."""
    script = SET_UP.replace("STATEMENTS", str(int(statements)))
    result = subprocess.run([sys.executable, "-c", script],  # noqa: S603 - our own script
                            env=server_env(bench_url), cwd=ROOT, check=True,
                            capture_output=True, text=True)
    return result.stdout.strip().splitlines()[-1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_gunicorn(bench_url: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
        [str(ROOT / ".venv/bin/gunicorn"), "config.wsgi", "--workers", str(workers),
         "--bind", f"127.0.0.1:{port}", "--backlog", "2048", "--timeout", "120", "--preload",
         "--log-level", "warning"],
        env=server_env(bench_url), cwd=ROOT, start_new_session=True)
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit("gunicorn did not start")


def request(port: int, person: Person, method: str, path: str, body: str = "",
            headers: dict[str, str] | None = None) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=CLIENT_TIMEOUT)
    try:
        all_headers = {"Host": "127.0.0.1", "Accept-Language": "en",
                       "Cookie": person.cookie_header(), **(headers or {})}
        connection.request(method, path, body=body, headers=all_headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        person.take_cookies(response)
        return response.status, text
    finally:
        connection.close()


def simulate(person: Person, port: int, path: str, statement_ids: list[int], stop: float,
             start: threading.Event) -> None:
    rng = random.Random(person.index)
    start.wait()
    try:
        request(port, person, "GET", path)
    except OSError:
        person.timeouts += 1
        return
    csrf = person.cookies.get("csrftoken", "")
    vote_path = path + "vote/"
    while time.time() < stop:
        statement = rng.choice(statement_ids)
        value = rng.choice((-1, 0, 1))
        body = f"statement={statement}&value={value}&csrfmiddlewaretoken={csrf}"
        began = time.perf_counter()
        try:
            status, text = request(port, person, "POST", vote_path, body, {
                "Content-Type": "application/x-www-form-urlencoded", "HX-Request": "true",
                "X-CSRFToken": csrf, "Referer": f"http://127.0.0.1:{port}{path}"})
        except OSError:  # no answer: the vote may or may not have been stored
            person.timeouts += 1
            person.unknown.setdefault(statement, set()).add(value)
            continue
        person.latencies.append(time.perf_counter() - began)
        if status == 200 and RECORDED in text:
            person.confirmed[statement] = value
            person.unknown.pop(statement, None)
        elif status >= 500:
            person.failures += 1
        else:
            person.unconfirmed += 1


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def verify(bench_url: str, people: list[Person]) -> dict[str, int]:
    """Compare the database with what the server confirmed.

    A (person, statement) pair must be stored with the value of the last confirmed vote, or
    with one sent later whose answer never came (the server may have stored it after the
    client gave up); a pair never confirmed may only be stored from such a vote.
    """
    import psycopg

    with psycopg.connect(bench_url) as connection:
        rows = connection.execute(
            "SELECT p.token, v.statement_id, v.value FROM conversations_vote v "
            "JOIN conversations_participant p ON p.id = v.participant_id").fetchall()
    stored: dict[tuple[str, int], int] = {}
    doubled = 0
    for token, statement, value in rows:
        doubled += (token, statement) in stored
        stored[(token, statement)] = value
    result = {"rows": len(rows), "doubled": doubled, "confirmed": 0, "lost": 0, "wrong": 0,
              "late": 0, "unexplained": 0}
    known: set[tuple[str, int]] = set()
    for person in people:
        if person.token is None:
            continue
        for statement in set(person.confirmed) | set(person.unknown):
            key = (person.token, statement)
            known.add(key)
            allowed = set(person.unknown.get(statement, set()))
            if statement in person.confirmed:
                result["confirmed"] += 1
                allowed.add(person.confirmed[statement])
            if key not in stored:
                result["lost"] += statement in person.confirmed
            elif stored[key] not in allowed:
                result["wrong"] += 1
            elif stored[key] != person.confirmed.get(statement):
                result["late"] += 1
    result["unexplained"] = sum(1 for key in stored if key not in known)
    return result


def report(args: argparse.Namespace, people: list[Person], elapsed: float,
           bench_url: str) -> bool:
    latencies = [t for p in people for t in p.latencies]
    successes = len(latencies) - sum(p.unconfirmed for p in people)
    failures = sum(p.failures for p in people)
    timeouts = sum(p.timeouts for p in people)
    unconfirmed = sum(p.unconfirmed for p in people)
    print(f"voting load: {args.participants} simulated participants, {args.workers} gunicorn "
          f"workers, {args.statements} statements, {elapsed:.1f} s")
    print(f"  vote requests answered: {len(latencies)} ({len(latencies) / elapsed:.1f}/s), "
          f"confirmed as recorded: {successes} ({successes / elapsed:.1f} votes/s)")
    print(f"  answered but not recorded: {unconfirmed}; server errors (5xx): {failures}; "
          f"no answer within {CLIENT_TIMEOUT} s: {timeouts}")
    if latencies:
        print(f"  latency p50 {percentile(latencies, 0.50) * 1000:.0f} ms, "
              f"p95 {percentile(latencies, 0.95) * 1000:.0f} ms, "
              f"p99 {percentile(latencies, 0.99) * 1000:.0f} ms, "
              f"mean {statistics.mean(latencies) * 1000:.0f} ms")
    check = verify(bench_url, people)
    print(f"  database: {check['rows']} vote rows for {check['confirmed']} confirmed "
          f"(participant, statement) pairs; lost {check['lost']}, doubled {check['doubled']}, "
          f"wrong value {check['wrong']}, unexplained rows {check['unexplained']}; stored from "
          f"votes whose answer never came: {check['late']}")
    ok = failures == 0 and not any(check[name] for name in (
        "lost", "doubled", "wrong", "unexplained"))
    print("  RESULT:", "the database holds exactly the confirmed votes (none lost, none "
          "doubled)" if ok else "MISMATCH")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--participants", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--statements", type=int, default=60)
    args = parser.parse_args()

    admin_url, bench_url = database_urls()
    recreate_database(admin_url)
    server = None
    ok = False
    try:
        path = set_up(bench_url, args.statements)
        port = free_port()
        server = start_gunicorn(bench_url, port, args.workers)
        probe = Person(-1)
        for _ in range(2 * args.workers):  # warm every worker's template cache up
            request(port, probe, "GET", path)
        import psycopg

        with psycopg.connect(bench_url) as connection:
            statement_ids = [row[0] for row in connection.execute(
                "SELECT id FROM conversations_statement WHERE state = 'visible'")]
        assert len(statement_ids) == args.statements

        people = [Person(i) for i in range(args.participants)]
        start = threading.Event()
        threads = [threading.Thread(target=simulate, daemon=True, args=(
            p, port, path, statement_ids, time.time() + args.seconds, start)) for p in people]
        began = time.time()
        for thread in threads:
            thread.start()
        start.set()
        for thread in threads:
            thread.join(timeout=args.seconds + 2 * CLIENT_TIMEOUT)
        ok = report(args, people, time.time() - began, bench_url)
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        drop_database(admin_url)
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
