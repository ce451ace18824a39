"""Import synthetic FHI cube files into PostgreSQL and compare with pandas' parse time.

Run: .venv/bin/python benchmarks/import_fhi.py [--indicators 60] [--municipalities 357]
     [--periods 15] [--rounds 3] [--reimport]

The FHI cube format holds one indicator per file (the file does not name it), so the data is
written as one file per indicator: all municipalities × periods × three strata (sex 0, 1, 2),
columns GEO;AAR;KJONN;ALDER;RATE;MEIS;RATE.n;SPVFLAGG; each row gives two observations (RATE
and MEIS). At full size: 357 × 60 × 15 × 3 = 963,900 rows, 1,927,800 observations.

The benchmark creates a fresh database ``samskap_bench`` (or ``$SAMSKAP_BENCH_DB``, so that
runs side by side don't drop each other's) on the server of DATABASE_URL
(default postgres://root@127.0.0.1:5432/postgres), migrates it, and imports all 60 files as
the operator's command does (``samskap import-indicators FOLDER``:
:func:`~samskap.knowledge.actions_import.import_indicator_files`, all or nothing in one
transaction, an import record and an audit entry per file): read and check every cell, pack
the cells into one block per indicator and place, compare with what is stored, delete the
series and write the blocks into the import's one COPY, which the database works through as
the next files are read (it ends at the end of the import, or when another query, such as a
comparison with stored blocks, comes first). The next files are read, checked and packed in
two worker threads while one is written, so the phases it prints overlap and add up to more
than the wall time.
It drops the database afterwards. In the same run it times ``pandas.read_csv`` alone on the
same files: the floor, since any import must at least parse (the median of five runs: it
moves by half between runs on a shared machine). The import is the median of ``--rounds``
(3), each into an empty database with the importer's remembered checks forgotten. It prints
both and their ratio (target: import ≤ 3 × parse).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BENCH_DB = os.environ.get("SAMSKAP_BENCH_DB", "samskap_bench")
FLOOR_ROUNDS = 5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--indicators", type=int, default=60)
    parser.add_argument("--municipalities", type=int, default=357,
                        help="how many of the 357 municipality numbers to use")
    parser.add_argument("--periods", type=int, default=15)
    parser.add_argument("--rounds", type=int, default=3,
                        help="imports into an empty database (the median is reported)")
    parser.add_argument("--reimport", action="store_true",
                        help="also import every file a second time (replacing the series)")
    args = parser.parse_args()

    import psycopg

    admin_url = os.environ.get("DATABASE_URL") or "postgres://root@127.0.0.1:5432/postgres"
    parts = urlparse(admin_url)
    if not parts.scheme.startswith("postgres"):
        sys.exit("DATABASE_URL must point at PostgreSQL")
    admin = urlunparse(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        connection.execute(f"CREATE DATABASE {BENCH_DB}")
    os.environ["DATABASE_URL"] = urlunparse(parts._replace(path=f"/{BENCH_DB}"))
    os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 40)
    os.environ.setdefault("SAMSKAP_STATIC_MANIFEST", "0")
    os.environ.setdefault("SAMSKAP_SECURE", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    try:
        run(args)
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")


def run(args: argparse.Namespace) -> None:
    import django

    django.setup()
    import pandas
    from django.core.management import call_command
    from django.db import connection

    from samskap.knowledge.actions_import import ImportFile, import_indicator_files
    from samskap.knowledge.importers.synthetic import municipality_numbers, write_fhi_cubes
    from samskap.knowledge.models import DataSource, Indicator, Observation

    call_command("migrate", verbosity=0)
    print(f"PostgreSQL {connection.pg_version // 10000}, database {BENCH_DB} "  # type: ignore[attr-defined]
          f"(created for this run, dropped at the end)")
    source = DataSource.objects.create(code="fhi", name="Folkehelseinstituttet (synthetic)")
    indicators = [Indicator.objects.create(
        code=f"synthetic_{index + 1:02d}", name_nb=f"Syntetisk {index + 1}",
        name_nn=f"Syntetisk {index + 1}", name_en=f"Synthetic {index + 1}",
        category="health", unit="per_1000", source=source) for index in range(args.indicators)]
    numbers = municipality_numbers()[:args.municipalities]

    with tempfile.TemporaryDirectory(prefix="samskap-fhi-") as directory:
        started = time.perf_counter()
        files = write_fhi_cubes(Path(directory), indicators=args.indicators, numbers=numbers,
                                periods=args.periods)
        rows = sum(count for _path, count in files)
        size = sum(path.stat().st_size for path, _count in files)
        print(f"generated {len(files)} files, {rows:,} rows, {size / 1e6:.1f} MB in "
              f"{time.perf_counter() - started:.1f} s ({len(numbers)} municipalities × "
              f"{args.indicators} indicators × {args.periods} periods × 3 strata)")

        # The floor moves by half between runs on a shared machine: its median of a few.
        floors = []
        for _round in range(FLOOR_ROUNDS):
            started = time.perf_counter()
            parsed_rows = sum(len(pandas.read_csv(path, sep=";")) for path, _count in files)
            floors.append(time.perf_counter() - started)
            assert parsed_rows == rows, (parsed_rows, rows)
        floor = statistics.median(floors)

        # The import as well: each round into an empty database (every table it writes
        # emptied, the importer's remembered checks forgotten), as a first import is.
        phases = time_phases()
        walls = []
        for round_ in range(args.rounds):
            if round_:
                start_afresh()
            started = time.perf_counter()
            results = import_indicator_files(
                [ImportFile(path.read_bytes(), path.name, indicator)
                 for (path, _count), indicator in zip(files, indicators, strict=True)])
            walls.append(time.perf_counter() - started)
        wall = statistics.median(walls)
        observations = sum(result.summary["observations"] for result in results)
        assert Observation.objects.count() == observations
        print(f"pandas.read_csv alone (floor): {floor:8.2f} s  {rows / floor:12,.0f} rows/s  "
              f"(median of {FLOOR_ROUNDS}: {min(floors):.2f}–{max(floors):.2f} s)")
        print(f"import into PostgreSQL:        {wall:8.2f} s  {rows / wall:12,.0f} rows/s  "
              f"{observations / wall:12,.0f} observations/s ({observations:,} observations; "
              f"median of {args.rounds}: {min(walls):.2f}–{max(walls):.2f} s)")
        print(f"ratio import / parse: {wall / floor:.1f} × (target ≤ 3 ×)")
        print(f"  phases (reading overlaps the rest; all {args.rounds} rounds): " + ", ".join(
            f"{name} {seconds:.2f} s" for name, seconds in phases.items()))
        phases.update(dict.fromkeys(phases, 0.0))

        if args.reimport:
            started = time.perf_counter()
            import_indicator_files(
                [ImportFile(path.read_bytes(), path.name, indicator)
                 for (path, _count), indicator in zip(files, indicators, strict=True)])
            again = time.perf_counter() - started
            print(f"re-import (compare, delete and replace every series): {again:.2f} s  "
                  f"{rows / again:,.0f} rows/s")
            print("  phases (reading overlaps the rest): " + ", ".join(
                f"{name} {seconds:.2f} s" for name, seconds in phases.items()))


def start_afresh() -> None:
    """Empty what an import writes, and forget what the importer remembers between files."""
    from django.db import connection

    from samskap.knowledge import storage
    from samskap.knowledge.importers import fast_cube

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE knowledge_observationblock, knowledge_layoutcell, "
                       "knowledge_observationlayout, knowledge_importbatch_indicators, "
                       "knowledge_importbatch, audit_auditentry")
    fast_cube._CHECKED.clear()
    fast_cube._plain_bits.cache_clear()
    storage._digest.cache_clear()


def time_phases() -> dict[str, float]:
    """Wrap the import's steps to add up the time each takes (the import itself is as is)."""
    from samskap.knowledge import actions_import
    from samskap.knowledge.importers import store

    # (In the order of the import's steps.)
    phases: dict[str, float] = dict.fromkeys([
        "read and check", "pack", "compare", "delete and write into the COPY",
        "end of the COPY (the database catching up)", "import records and audit entries"], 0.0)

    def timed(name: str, function: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                phases[name] = phases.get(name, 0.0) + time.perf_counter() - started
        return wrapper

    for name, parse in list(actions_import.PARSERS.items()):
        actions_import.PARSERS[name] = timed("read and check", parse)
    from samskap.knowledge import storage

    store.packed = timed("pack", store.packed)  # type: ignore[method-assign]
    store.compare = timed("compare", store.compare)  # type: ignore[method-assign]
    store.replace_series = timed(  # type: ignore[method-assign]
        "delete and write into the COPY", store.replace_series)
    storage.BlockStream.end = timed(  # type: ignore[method-assign]
        "end of the COPY (the database catching up)", storage.BlockStream.end)
    actions_import._record = timed(  # type: ignore[attr-defined]
        "import records and audit entries", actions_import._record)
    return phases


if __name__ == "__main__":
    main()
