"""The national indicator catalogue and its legal references, read from data files.

Indicators, sources and provisions of law live in ``data/indicators.json`` and
``data/legal_references.json``, not in code: FHI's barometer changes every year and the Public
Health Act was renumbered in 2025 (Prop. 82 L (2024–2025)), so a paragraph number must be a
row someone can correct, never a constant.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from samskap.knowledge.models import (
    Category,
    DataSource,
    Indicator,
    LegalReference,
    Ring,
    Unit,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
INDICATORS_FILE = DATA_DIR / "indicators.json"
LEGAL_REFERENCES_FILE = DATA_DIR / "legal_references.json"

SOURCE_FIELDS = ("name", "licence", "url")
REFERENCE_FIELDS = ("law", "provision", "summary", "url", "valid_from", "valid_to", "category")
INDICATOR_FIELDS = (
    "name_nb", "name_nn", "name_en", "definition_nb", "definition_nn", "definition_en",
    "category", "ring", "unit", "decimals", "source_table", "default_measure",
    "higher_is_better",
)
REQUIRED_INDICATOR_KEYS = frozenset({"code", "name_nb", "name_nn", "name_en", "category",
                                     "unit", "source"})


class CatalogueError(ValueError):
    """The catalogue files contradict themselves or the data model; the message says where."""


@dataclass
class Counts:
    """What a load did, per kind of row: created, updated and unchanged."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, created: bool, changed: bool) -> None:
        if created:
            self.created += 1
        elif changed:
            self.updated += 1
        else:
            self.unchanged += 1


@dataclass
class CatalogueCounts:
    sources: Counts = field(default_factory=Counts)
    legal_references: Counts = field(default_factory=Counts)
    indicators: Counts = field(default_factory=Counts)

    def lines(self) -> list[str]:
        return [
            f"{name.replace('_', ' ')}: {counts.created} created, {counts.updated} updated, "
            f"{counts.unchanged} unchanged"
            for name, counts in (("sources", self.sources),
                                 ("legal_references", self.legal_references),
                                 ("indicators", self.indicators))
        ]


@dataclass(frozen=True)
class Catalogue:
    """The parsed data files."""

    sources: list[dict[str, Any]]
    references: list[dict[str, Any]]
    category_references: dict[str, list[str]]
    indicators: list[dict[str, Any]]

    def references_of(self, indicator: dict[str, Any]) -> list[str]:
        """The reference codes an indicator cites: its own list, else its area's."""
        codes = indicator.get("legal_references")
        if codes is None:
            codes = self.category_references.get(indicator["category"], [])
        return list(codes)


def read_catalogue(indicators_file: Path = INDICATORS_FILE,
                   legal_file: Path = LEGAL_REFERENCES_FILE) -> Catalogue:
    """Read and check both data files; raise :class:`CatalogueError` naming what is wrong."""
    indicator_data = _read_json(indicators_file)
    legal_data = _read_json(legal_file)
    catalogue = Catalogue(
        sources=list(indicator_data.get("sources", [])),
        references=list(legal_data.get("references", [])),
        category_references=dict(legal_data.get("category_references", {})),
        indicators=list(indicator_data.get("indicators", [])),
    )
    _check(catalogue, indicators_file, legal_file)
    return catalogue


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise CatalogueError(f"{path}: {error}") from error
    if not isinstance(data, dict):
        raise CatalogueError(f"{path}: expected a JSON object at the top")
    return data


def _check(catalogue: Catalogue, indicators_file: Path, legal_file: Path) -> None:
    source_codes = {source["code"] for source in catalogue.sources}
    reference_codes = [reference["code"] for reference in catalogue.references]
    _unique(reference_codes, f"{legal_file}: legal reference")
    for reference in catalogue.references:
        where = f"{legal_file}: legal reference {reference['code']!r}"
        if reference.get("category") and reference["category"] not in Category.values:
            raise CatalogueError(f"{where}: unknown overview area {reference['category']!r}")
        for key in ("valid_from", "valid_to"):
            if reference.get(key):
                _date(reference[key], f"{where}, {key}")
    for category, codes in catalogue.category_references.items():
        if category not in Category.values:
            raise CatalogueError(f"{legal_file}: category_references: unknown overview area "
                                 f"{category!r}")
        _known(codes, set(reference_codes), f"{legal_file}: category_references[{category}]")
    _unique([indicator.get("code", "") for indicator in catalogue.indicators],
            f"{indicators_file}: indicator")
    for number, indicator in enumerate(catalogue.indicators, start=1):
        where = f"{indicators_file}: indicator {indicator.get('code') or number}"
        missing = sorted(key for key in REQUIRED_INDICATOR_KEYS if not indicator.get(key))
        if missing:
            raise CatalogueError(f"{where}: missing {', '.join(missing)}")
        for key, choices in (("category", Category.values), ("unit", Unit.values)):
            if indicator[key] not in choices:
                raise CatalogueError(f"{where}: unknown {key} {indicator[key]!r}")
        if indicator.get("ring") and indicator["ring"] not in Ring.values:
            raise CatalogueError(f"{where}: unknown ring {indicator['ring']!r}")
        if indicator["source"] not in source_codes:
            raise CatalogueError(f"{where}: unknown source {indicator['source']!r}")
        _known(catalogue.references_of(indicator), set(reference_codes), where)


def _unique(codes: list[str], what: str) -> None:
    seen: set[str] = set()
    for code in codes:
        if not code:
            raise CatalogueError(f"{what} without a code")
        if code in seen:
            raise CatalogueError(f"{what} {code!r} appears twice")
        seen.add(code)


def _known(codes: list[str], known: set[str], where: str) -> None:
    unknown = sorted(set(codes) - known)
    if unknown:
        raise CatalogueError(f"{where}: unknown legal reference {', '.join(unknown)}")


def _date(text: str, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise CatalogueError(f"{where}: not a date (YYYY-MM-DD): {text!r}") from error


@transaction.atomic
def load_catalogue(*, update_legal: bool = False, catalogue: Catalogue | None = None,
                   ) -> CatalogueCounts:
    """Create or update sources, legal references and indicators by code. Idempotent.

    Indicators follow the data file. A legal reference is created when missing but only
    updated with ``update_legal``: site administrators keep provisions current in the admin
    (renumbering after an amendment) and a routine reload must not undo that.
    """
    catalogue = catalogue or read_catalogue()
    counts = CatalogueCounts()
    sources = {}
    for data in catalogue.sources:
        source, created, changed = _upsert(DataSource, data["code"],
                                           {key: data.get(key, "") for key in SOURCE_FIELDS})
        counts.sources.add(created, changed)
        sources[source.code] = source
    references = {}
    for data in catalogue.references:
        values = {key: data.get(key) or "" for key in REFERENCE_FIELDS}
        for key in ("valid_from", "valid_to"):
            values[key] = dt.date.fromisoformat(data[key]) if data.get(key) else None
        reference, created, changed = _upsert(LegalReference, data["code"], values,
                                              update=update_legal)
        counts.legal_references.add(created, changed)
        references[reference.code] = reference
    for data in catalogue.indicators:
        values = {key: data.get(key, _default(key)) for key in INDICATOR_FIELDS}
        values["source"] = sources[data["source"]]
        indicator, created, changed = _upsert(Indicator, data["code"], values)
        wanted = {references[code].pk for code in catalogue.references_of(data)}
        current = set(indicator.legal_references.values_list("pk", flat=True))
        if wanted != current:
            indicator.legal_references.set(wanted)
            changed = True
        counts.indicators.add(created, changed)
    return counts


def _default(key: str) -> Any:
    return {"decimals": 1, "default_measure": "MEIS", "higher_is_better": None}.get(key, "")


def _upsert(model: Any, code: str, values: dict[str, Any], *, update: bool = True,
            ) -> tuple[Any, bool, bool]:
    """The row with ``code``, created or brought up to ``values``: (row, created, changed)."""
    obj = model.objects.filter(code=code).first()
    if obj is None:
        return model.objects.create(code=code, **values), True, False
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed and update:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        return obj, False, True
    return obj, False, False
