"""Time an indicator page (and an area page) with a national amount of statistics loaded.

Run: .venv/bin/python benchmarks/indicator_page.py [--rounds 50] [--indicators 60]
     [--periods 15] [--server postgres://root@127.0.0.1:5432/postgres] [--keep]

Creates a throw-away PostgreSQL database next to the given server's ``postgres`` database,
migrates it, loads the demo (Eksempelvik, 9999, county 99) and stores, as the importers do
(packed blocks, one COPY per indicator), clearly synthetic observations for every
municipality of the register (357), its county and Norway:
``indicators`` × ``periods`` three-year periods × (the total and three strata by education),
the total with ``sumTELLER``/``sumNEVNER`` beside its ``MEIS``, about 3 % suppressed. Then it
requests one indicator page and one area page ``rounds`` times each with the Django test
client and prints the median and 95th percentile of the server time and the number of SQL
queries. The database is dropped at the end unless ``--keep`` is given.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

if TYPE_CHECKING:
    from samskap.knowledge.importers.common import CellData, CellKey

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

STRATA = ("", "1", "2", "3")  # the total and UTDANN 1, 2, 3
CATEGORIES = ("population", "upbringing", "environment", "injuries", "behaviour", "health",
              "quality_of_life")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--indicators", type=int, default=60)
    parser.add_argument("--periods", type=int, default=15)
    parser.add_argument("--server", default=os.environ.get(
        "BENCHMARK_POSTGRES", "postgres://root@127.0.0.1:5432/postgres"))
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args()

    import psycopg

    name = f"samskap_bench_pages_{os.getpid()}"
    admin = psycopg.connect(args.server, autocommit=True)
    admin.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(args.server)
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
    try:
        run(args)
    finally:
        if not args.keep:
            from django.db import connections

            connections.close_all()
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        else:
            print(f"kept database {name}")
        admin.close()


def run(args: argparse.Namespace) -> None:
    os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 40)
    os.environ.setdefault("SAMSKAP_STATIC_MANIFEST", "0")
    os.environ.setdefault("SAMSKAP_SECURE", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

    import django

    # WhiteNoise looks for collected static files; the test client does not need them.
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115

    from samskap.knowledge import storage
    from samskap.knowledge.importers.synthetic import municipality_numbers
    from samskap.knowledge.importers.table import CellTable
    from samskap.knowledge.models import DataSource, Indicator

    source, _ = DataSource.objects.get_or_create(code="bench", defaults={"name": "Synthetic"})
    indicators = Indicator.objects.bulk_create([
        Indicator(code=f"bench_{i:02d}", name_nb=f"Syntetisk indikator {i}",
                  name_nn=f"Syntetisk indikator {i}", name_en=f"Synthetic indicator {i}",
                  category=CATEGORIES[i % len(CATEGORIES)], unit="percent", source=source,
                  higher_is_better=bool(i % 2))
        for i in range(args.indicators)])
    numbers = [*municipality_numbers(), "9999"]
    geos = sorted({"0", *numbers, *(n[:2] for n in numbers)})

    started = time.perf_counter()
    rows = 0
    dimensions = {"": {}, **{f"UTDANN={s}": {"UTDANN": s} for s in STRATA if s}}
    for indicator in indicators:  # stored as the importers store them: packed blocks
        cells = dict(observations(indicator.pk, geos, args.periods))
        storage.write_table(CellTable.from_cells(cells), dimensions, None)
        rows += len(cells)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    load = time.perf_counter() - started
    print(f"loaded {rows:,} observations ({len(geos)} places, {args.indicators} indicators, "
          f"{args.periods} periods, {len(STRATA)} rows per cell) in {load:.1f} s "
          f"({rows / load:,.0f} rows/s) on {connection.vendor}")

    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    pages = {
        "indicator page": f"/k/9999/knowledge/indicators/{indicators[0].code}/",
        "area page": f"/k/9999/knowledge/areas/{indicators[0].category}/",
        "index": "/k/9999/knowledge/",
    }
    print(f"{'page':16} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for label, url in pages.items():
        timings = []
        for _ in range(args.rounds):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        timings.sort()
        p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
        print(f"{label:16} {statistics.median(timings):10.1f} {p95:8.1f} {len(queries):8d}")


def observations(indicator_id: int, geos: list[str],
                 periods: int) -> Iterator[tuple[CellKey, CellData]]:
    """Synthetic cells of one indicator, (key, data) as the importers make them; seeded."""
    rng = random.Random(2025 + indicator_id)
    last = 2024
    level = rng.uniform(5, 60)
    for geo in geos:
        base = level * rng.uniform(0.8, 1.2)
        people = 2_000_000 if geo == "0" else 200_000 if len(geo) == 2 else rng.randint(
            400, 60_000)
        for step in range(periods):
            end = last - periods + 1 + step
            value = base * (1 + 0.01 * step)
            for stratum in STRATA:
                key = f"UTDANN={stratum}" if stratum else ""
                common = (indicator_id, geo, end - 2, end, "0", "0_120", key)
                if rng.random() < 0.03:
                    yield (*common, "MEIS"), (None, "suppressed", ":", None, 0)
                    continue
                shown = value * (1.25 - 0.2 * int(stratum or 1)) * rng.uniform(0.95, 1.05)
                yield (*common, "MEIS"), (f"{shown:.1f}", "", "", None, 0)
                if not stratum:
                    yield (*common, "sumTELLER"), (
                        f"{round(people * 3 * shown / 100)}", "", "", None, 0)
                    yield (*common, "sumNEVNER"), (f"{people * 3}", "", "", None, 0)


if __name__ == "__main__":
    main()
