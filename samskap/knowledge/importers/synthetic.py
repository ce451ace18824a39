"""Large, clearly synthetic FHI cube files for tests and benchmarks: deterministic per seed.

One file per indicator, as FHI's cube format has (a cube does not name its indicator):
``GEO;AAR;KJONN;ALDER;RATE;MEIS;RATE.n;SPVFLAGG``, one row per municipality, three-year
period and sex (the three strata: both, men, women). About 3 % of the rows are suppressed
(``SPVFLAGG`` 3, measures empty) and about 1 % carry one of the other flags. GEO is written
the way FHI writes it, without leading zeros.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from samskap.municipalities.importer import DEFAULT_PATH as MUNICIPALITIES_CSV

HEADER = ["GEO", "AAR", "KJONN", "ALDER", "RATE", "MEIS", "RATE.n", "SPVFLAGG"]
STRATA = ("0", "1", "2")


def municipality_numbers(path: Path = MUNICIPALITIES_CSV) -> list[str]:
    """The 357 municipality numbers of the bundled register."""
    with path.open(encoding="utf-8-sig", newline="") as file:
        return [row["kommunenummer"] for row in csv.DictReader(file)]


def write_fhi_cube(out: TextIO, *, numbers: Iterable[str], seed: int, periods: int = 15,
                   last_year: int = 2024, age: str = "0_120") -> int:
    """Write one indicator's cube; returns the number of data rows."""
    rng = random.Random(seed)
    level = rng.uniform(5, 60)
    rows = 0
    out.write(";".join(HEADER) + "\n")
    years = [f"{end - 2}_{end}" for end in range(last_year - periods + 1, last_year + 1)]
    lines = []
    for number in numbers:
        base = level * rng.uniform(0.7, 1.3)
        geo = str(int(number))
        for step, period in enumerate(years):
            trend = base * (1 + 0.01 * step)
            for sex in STRATA:
                draw = rng.random()
                if draw < 0.03:
                    lines.append(f"{geo};{period};{sex};{age};;;3;3\n")
                elif draw < 0.04:
                    lines.append(f"{geo};{period};{sex};{age};;;3;{rng.choice('124')}\n")
                else:
                    rate = trend * (1 + (int(sex) - 1) * 0.05) * rng.uniform(0.95, 1.05)
                    lines.append(f"{geo};{period};{sex};{age};{rate:.1f};"
                                 f"{rate * rng.uniform(0.97, 1.03):.1f};3;0\n")
                rows += 1
        if len(lines) > 10000:
            out.write("".join(lines))
            lines.clear()
    out.write("".join(lines))
    return rows


def write_fhi_cubes(directory: Path, *, indicators: int, numbers: list[str], seed: int = 2025,
                    periods: int = 15) -> list[tuple[Path, int]]:
    """One cube file per indicator in ``directory``: (path, rows) of each."""
    written = []
    for index in range(indicators):
        path = directory / f"synthetic_{index + 1:02d}.csv"
        with path.open("w", encoding="utf-8", newline="") as out:
            rows = write_fhi_cube(out, numbers=numbers, seed=seed * 1000 + index,
                                  periods=periods)
        written.append((path, rows))
    return written
