"""Time the foundation's main pages on the demo data and count their queries.

Run: SECRET_KEY=bench .venv/bin/python benchmarks/pages.py [--rounds 30]
Uses a throw-away SQLite database (or DATABASE_URL), loads the demo and prints, per page,
the median and 95th percentile of the server-side response time and the number of queries.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="samskap-bench-")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 40)
    os.environ.setdefault("SAMSKAP_STATIC_MANIFEST", "0")
    os.environ.setdefault("SAMSKAP_SECURE", "0")
    os.environ["SAMSKAP_VAR_DIR"] = tmp
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(f"demo load: {time.perf_counter() - started:.2f} s ({connection.vendor})")

    from samskap.accounts.models import User
    from samskap.planning.models import Cycle

    cycle = Cycle.objects.get(municipality__number="9999", status="active")
    client = Client()
    client.force_login(User.objects.get(email="mira@eksempelvik.example"))
    pages = {
        "front page": "/",
        "search 'vik'": "/?q=vik",
        "municipality": "/k/9999/",
        "cycle wheel": cycle.get_absolute_url(),
        "step 2": cycle.step(2).get_absolute_url(),
        "dashboard": "/k/9999/dashboard/",
        "audit log": "/k/9999/audit/",
        "sitemap.xml": "/sitemap.xml",
        "api cycles": "/api/v1/municipalities/9999/cycles/",
    }
    print(f"{'page':16} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for name, url in pages.items():
        timings = []
        for _ in range(args.rounds):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        timings.sort()
        p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
        print(f"{name:16} {statistics.median(timings):10.1f} {p95:8.1f} {len(queries):8d}")


if __name__ == "__main__":
    main()
