"""Load the municipality register (CSV) all-or-nothing, naming the line that is wrong."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

from samskap.municipalities.models import LanguageForm, Municipality

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "municipalities-2025.csv"
COLUMNS = ["kommunenummer", "name", "county_number", "county", "administrative_centre",
           "population_2024", "area_km2", "language_form"]
LANGUAGE_FORMS = {"bokmål": LanguageForm.BOKMAL, "nynorsk": LanguageForm.NYNORSK,
                  "nøytral": LanguageForm.NEUTRAL}


class ImportError_(Exception):
    """A row that cannot be imported: ``line`` is the 1-based line in the file."""

    def __init__(self, path: str, line: int, column: str, message: str) -> None:
        super().__init__(f"{path}, line {line}, column {column}: {message}")
        self.path, self.line, self.column, self.message = path, line, column, message


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    numbers: list[str] = field(default_factory=list)


def _parse(path: str, text: str) -> list[dict[str, object]]:
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ImportError_(path, 1, missing[0], "missing column")
    rows: list[dict[str, object]] = []
    seen: set[str] = set()
    for line, raw in enumerate(reader, start=2):
        number = (raw["kommunenummer"] or "").strip()
        if not (len(number) == 4 and number.isdigit()):
            raise ImportError_(path, line, "kommunenummer", f"not a four-digit number: {number!r}")
        if number in seen:
            raise ImportError_(path, line, "kommunenummer", f"{number} appears twice")
        seen.add(number)
        name = (raw["name"] or "").strip()
        if not name:
            raise ImportError_(path, line, "name", "empty")
        county_number = (raw["county_number"] or "").strip().zfill(2)
        if not (len(county_number) == 2 and county_number.isdigit()):
            raise ImportError_(path, line, "county_number",
                               f"not a county number: {county_number!r}")
        try:
            population = int(raw["population_2024"]) if raw["population_2024"] else None
        except ValueError:
            population = -1
        if population is not None and population < 0:
            raise ImportError_(path, line, "population_2024",
                               f"not a number of inhabitants: {raw['population_2024']!r}")
        try:
            area = Decimal(raw["area_km2"]) if raw["area_km2"] else None
        except InvalidOperation:
            area = Decimal("NaN")
        # The database column holds up to 9 digits, 2 of them decimals.
        if area is not None and not (area.is_finite() and 0 <= area < 10_000_000):
            raise ImportError_(path, line, "area_km2", f"not an area: {raw['area_km2']!r}")
        form = LANGUAGE_FORMS.get((raw["language_form"] or "").strip().lower())
        if form is None:
            raise ImportError_(path, line, "language_form",
                               f"expected Bokmål, Nynorsk or Nøytral, got {raw['language_form']!r}")
        row: dict[str, object] = {
            "number": number, "name": name, "county_number": county_number,
            "county": (raw["county"] or "").strip(),
            "administrative_centre": (raw["administrative_centre"] or "").strip(),
            "population": population, "area_km2": area, "language_form": form.value,
        }
        # Name the line here rather than let the database refuse (PostgreSQL) or keep
        # (SQLite) a value longer than the column.
        for column in ("name", "county", "administrative_centre"):
            limit = getattr(Municipality._meta.get_field(column), "max_length", 0)
            if len(str(row[column])) > limit:
                raise ImportError_(path, line, column, f"longer than {limit} characters")
        rows.append(row)
    return rows


def import_municipalities(
    path: Path | str = DEFAULT_PATH, *, dry_run: bool = False
) -> ImportSummary:
    """Create or update municipalities from the CSV; nothing is written if any line is bad."""
    path = Path(path)
    text = path.read_text(encoding="utf-8-sig")
    rows = _parse(str(path), text)
    summary = ImportSummary()
    existing = {m.number: m for m in Municipality.objects.all()}
    with transaction.atomic():
        for row in rows:
            current = existing.get(str(row["number"]))
            if current is None:
                if not dry_run:
                    Municipality.objects.create(**row)
                summary.created += 1
            else:
                changed = [key for key, value in row.items() if getattr(current, key) != value]
                if changed:
                    for key in changed:
                        setattr(current, key, row[key])
                    if not dry_run:
                        current.save()
                    summary.updated += 1
                else:
                    summary.unchanged += 1
            summary.numbers.append(str(row["number"]))
    return summary
