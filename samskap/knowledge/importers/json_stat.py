"""JSON-stat 2 datasets, as SSB's PxWebApi (v2 and v0) and FHI's open API return them.

The cells are in row-major order over ``id`` (the last dimension varies fastest). ``value`` is
a dense list or a sparse object ``{"flat index": value}``; ``status`` is absent, a string for
every cell, a list or an object; a dimension's ``index`` is a list, an object ``{code:
position}`` in any key order, or absent when it has one category (norwegian-data.md 3.2).

Which dimension is the geography, the period, sex, age and the measure depends on the source:
SSB names them ``Region``, ``Tid``, ``Kjonn``, ``Alder`` and ``ContentsCode``, FHI ``GEO``,
``AAR``, ``KJONN``, ``ALDER`` and ``MEASURE_TYPE``; ``role.time``, ``role.metric`` and
``role.geo`` override the defaults, and :data:`TABLES` holds per-table mappings. Status symbols
are read by the source's meaning: SSB's ``..`` is "not available", FHI's "missing".

Errors name a line of the document (where the offending code first appears) and the JSON path.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from samskap.knowledge.importers.common import (
    FHI_FLAGS,
    FHI_SYMBOLS,
    SSB_SYMBOLS,
    ImportFailed,
    Parsed,
    Scope,
    check_dimension,
    check_measure,
    normalise_geo,
    normalise_number,
    parse_age,
    parse_period,
)
from samskap.knowledge.importers.fhi_cube import MAX_DIMENSIONS_KEY, TOTAL_ZERO
from samskap.knowledge.models import Indicator
from samskap.municipalities.models import Municipality


@dataclass(frozen=True)
class Mapping:
    """Which dimension means what in one source's (or one table's) datasets."""

    source: str
    geo: str
    time: str
    sex: str
    age: str
    metric: str
    symbols: dict[str, str]
    total_zero: frozenset[str] = frozenset()
    #: The symbol stored for a status given as a code (FHI's 3 is stored as ':').
    symbol_of_code: dict[str, str] = field(default_factory=dict)


#: FHI's status is a symbol or its SPVFLAGG code; "0" is a value without a flag.
FHI_STATUS = {**FHI_SYMBOLS, **{code: flag for code, (flag, _s) in FHI_FLAGS.items()}}
SSB = Mapping("ssb", "Region", "Tid", "Kjonn", "Alder", "ContentsCode", SSB_SYMBOLS)
FHI = Mapping("fhi", "GEO", "AAR", "KJONN", "ALDER", "MEASURE_TYPE", FHI_STATUS, TOTAL_ZERO,
              {code: symbol for code, (_f, symbol) in FHI_FLAGS.items() if symbol})
#: Per-table mappings, keyed like ``Indicator.source_table``; other tables use the defaults.
TABLES: dict[str, Mapping] = {"ssb:07459": SSB}

_SSB_AGE = re.compile(r"(\d{1,3})(\+|-(\d{1,3}))?")
_TABLE_IN_LABEL = re.compile(r"(\d{5}):")
MAX_AGE = 120


def parse(path: str, text: str, indicator: Indicator | None, scope: Scope) -> Parsed:
    """Read a JSON-stat 2 dataset; the first problem raises :class:`ImportFailed`."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFailed(path, error.lineno, f"character {error.colno}",
                           f"not valid JSON: {error.msg}") from None
    dataset = _Dataset(path, text, document)
    mapping, table = dataset.mapping()
    parsed = Parsed()
    dimensions = dataset.dimensions()
    sizes = [len(codes) for codes in dimensions.values()]
    total = math.prod(sizes)
    values, flats = dataset.values(total)
    status = dataset.status(total)

    ids = list(dimensions)
    for required in (mapping.geo, mapping.time):
        if required not in dimensions:
            raise ImportFailed(path, dataset.line_of("id"), "id",
                               f"no {required} dimension (the dataset has {', '.join(ids)})")
    columns: list[list[Any]] = []
    roles: list[str] = []
    for dimension_id, codes in dimensions.items():
        role, normalised = dataset.normalise(dimension_id, codes, mapping)
        roles.append(role)
        columns.append(normalised)
    if mapping.metric in dimensions:
        metric_at = ids.index(mapping.metric)
        columns[metric_at] = _measures(dataset, dimensions[mapping.metric], mapping, table,
                                       indicator, scope.municipality, parsed)
    else:
        if indicator is None:
            raise ImportFailed(path, dataset.line_of("id"), "id",
                               "the dataset has no measure dimension: choose the indicator")
        parsed.indicators[indicator.pk] = indicator
        roles.append("metric")
        columns.append([(indicator.pk, indicator.default_measure)])
        sizes.append(1)

    others = [i for i, role in enumerate(roles) if role == "other"]
    position = {role: roles.index(role) for role in ("geo", "time", "sex", "age", "metric")
                if role in roles}
    dimension_keys: dict[tuple[str, ...], str] = {}
    cells, allows = parsed.cells, scope.allows
    symbols, warned = mapping.symbols, set()
    rows = rejected = empty = dropped = 0
    for flat, combination in _cells(columns, sizes, flats):
        rows += 1
        value = values(flat)
        symbol = status(flat)
        flag = symbols.get(symbol, "") if symbol else ""
        if symbol and not flag and symbol not in symbols and symbol not in warned:
            warned.add(symbol)
            parsed.warn(f"status {symbol!r} is not one of {mapping.source.upper()}'s flags "
                        f"({', '.join(s for s, f in symbols.items() if f)}); cells with a "
                        f"value keep it")
        if flag:
            if value is not None:
                dropped += 1
            value = None
        elif value is None:
            empty += 1
            continue
        else:
            value = _number(dataset, value, flat)
        geo = combination[position["geo"]]
        if not allows(geo):
            rejected += 1
            continue
        start, end = combination[position["time"]]
        sex = combination[position["sex"]] if "sex" in position else "0"
        age = combination[position["age"]] if "age" in position else ""
        indicator_id, measure = combination[position["metric"]]
        key = ""
        if others:
            pairs = tuple(combination[i] for i in others)
            key = dimension_keys.get(pairs, "\0")
            if key == "\0":
                key = dimension_keys[pairs] = _dimensions_key(
                    path, [ids[i] for i in others], pairs, mapping, parsed)
        cell = (indicator_id, geo, start, end, sex, age, key, measure)
        if cell in cells:
            raise ImportFailed(path, None, f"cell {flat}",
                               f"the same cell twice (geography {geo}, {start}_{end}, sex "
                               f"{sex}, age {age or '–'}, measure {measure}): are two codes "
                               f"the same place, such as K-3103 and 3103?")
        symbol = mapping.symbol_of_code.get(symbol, symbol) if flag else ""
        cells[cell] = (value, flag, symbol, None, 1)
    if dropped:
        parsed.warn(f"{dropped} flagged cells also had a value; the values were not kept")
    parsed.rows, parsed.rejected, parsed.empty = rows, rejected, empty
    return parsed


def _cells(columns: list[list[Any]], sizes: list[int],
           flats: list[int] | None) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(flat index, normalised codes) of every cell, in row-major order."""
    if flats is None:
        yield from enumerate(itertools.product(*columns))
        return
    strides = [math.prod(sizes[i + 1:]) for i in range(len(sizes))]
    for flat in flats:
        yield flat, tuple(column[(flat // stride) % size]
                          for column, stride, size in zip(columns, strides, sizes, strict=True))


def _number(dataset: _Dataset, value: Any, flat: int) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ImportFailed(dataset.path, None, f"value[{flat}]", f"not a number: {value!r}")
    return normalise_number(str(value), lambda message: ImportFailed(
        dataset.path, None, f"value[{flat}]", message))


def _measures(dataset: _Dataset, codes: list[str], mapping: Mapping, table: str,
              indicator: Indicator | None, municipality: Municipality | None,
              parsed: Parsed) -> list[tuple[int, str]]:
    """The indicator and measure of each metric code."""
    column = f"dimension.{mapping.metric}"
    for code in codes:
        check_measure(dataset.path, dataset.line_of(code), column, code)
    if indicator is not None:
        parsed.indicators[indicator.pk] = indicator
        return [(indicator.pk, code) for code in codes]
    available = (Indicator.objects.for_municipality(municipality) if municipality
                 else Indicator.objects.filter(is_active=True))
    candidates = list(available.filter(source_table=table)) if table else []
    result = []
    for code in codes:
        matching = [c for c in candidates if c.default_measure == code]
        if not matching and len(candidates) == 1:
            matching = candidates
        if len(matching) != 1:
            raise ImportFailed(dataset.path, dataset.line_of(code), column,
                               f"no indicator takes the measure {code!r} of table "
                               f"{table or '(unknown)'}: choose the indicator")
        parsed.indicators[matching[0].pk] = matching[0]
        result.append((matching[0].pk, code))
    return result


def _dimensions_key(path: str, names: list[str], codes: tuple[str, ...], mapping: Mapping,
                    parsed: Parsed) -> str:
    dimensions = {}
    for name, code in zip(names, codes, strict=True):
        check_dimension(path, None, f"dimension.{name}", name, code)
        if name in mapping.total_zero and code == "0":
            continue
        dimensions[name] = code
    key = parsed.dimensions_key(dimensions)
    if len(key) > MAX_DIMENSIONS_KEY:
        raise ImportFailed(path, None, "dimension", "the other dimensions are longer than "
                           f"{MAX_DIMENSIONS_KEY} characters together")
    return key


class _Dataset:
    """The parts of a JSON-stat document, each checked as it is read."""

    def __init__(self, path: str, text: str, document: Any) -> None:
        self.path, self.text = path, text
        if not isinstance(document, dict) or document.get("class", "dataset") != "dataset":
            raise ImportFailed(path, 1, "class", "not a JSON-stat 2 dataset")
        for key in ("id", "size", "dimension", "value"):
            if key not in document:
                raise ImportFailed(path, 1, key, f"a JSON-stat dataset needs {key!r}")
        self.document = document

    def fail(self, needle: str, column: str, message: str) -> ImportFailed:
        return ImportFailed(self.path, self.line_of(needle), column, message)

    def line_of(self, needle: str) -> int:
        """The line where ``"needle"`` first appears (JSON-stat has no row numbers)."""
        found = self.text.find(json.dumps(needle, ensure_ascii=False))
        return self.text.count("\n", 0, found) + 1 if found >= 0 else 1

    def mapping(self) -> tuple[Mapping, str]:
        document = self.document
        ids = document["id"]
        extension = document.get("extension") or {}
        px = extension.get("px") if isinstance(extension, dict) else None
        table_id = px.get("tableid", "") if isinstance(px, dict) else ""
        if not table_id:
            match = _TABLE_IN_LABEL.match(str(document.get("label", "")))
            table_id = match[1] if match else ""
        table = f"ssb:{table_id}" if table_id else ""
        if table in TABLES:
            mapping = TABLES[table]
        elif FHI.geo in ids:
            mapping, table = FHI, ""
        elif SSB.geo in ids:
            mapping = SSB
        else:
            raise self.fail("id", "id", f"cannot tell the geography dimension among "
                            f"{', '.join(map(str, ids))} (expected Region or GEO)")
        roles = document.get("role") or {}
        changes = {name: roles[role][0] for role, name in
                   (("time", "time"), ("metric", "metric"), ("geo", "geo"))
                   if isinstance(roles.get(role), list) and roles[role]}
        return replace(mapping, **changes), table

    def dimensions(self) -> dict[str, list[str]]:
        """Each dimension's codes in order, checked against ``size``."""
        document = self.document
        ids, sizes = document["id"], document["size"]
        if (not isinstance(ids, list) or not isinstance(sizes, list)
                or len(ids) != len(sizes)
                or not all(isinstance(s, int) and s > 0 for s in sizes)):
            raise self.fail("size", "size", "'id' and 'size' must be lists of the same length")
        result = {}
        for dimension_id, size in zip(ids, sizes, strict=True):
            dimension = document["dimension"].get(dimension_id)
            if not isinstance(dimension, dict) or not isinstance(dimension.get("category"),
                                                                  dict):
                raise self.fail(dimension_id, f"dimension.{dimension_id}",
                                "missing, or without categories")
            codes = self._codes(dimension_id, dimension["category"])
            if len(codes) != size:
                raise self.fail(dimension_id, f"dimension.{dimension_id}",
                                f"size says {size} categories, the index has {len(codes)}")
            result[str(dimension_id)] = codes
        return result

    def _codes(self, dimension_id: str, category: dict[str, Any]) -> list[str]:
        index = category.get("index")
        column = f"dimension.{dimension_id}.category.index"
        if index is None:  # allowed for a single category: the label names it
            return [str(code) for code in (category.get("label") or {})]
        if isinstance(index, list):
            return [str(code) for code in index]
        if isinstance(index, dict):
            # Positions are not always in key order (SSB 05810: {"0":0,"1":2,"2":1}).
            positions = sorted(index.values()) if all(
                isinstance(p, int) for p in index.values()) else None
            if positions != list(range(len(index))):
                raise self.fail(dimension_id, column, "positions must be 0, 1, 2 … once each")
            return [str(code) for code, _ in sorted(index.items(), key=lambda item: item[1])]
        raise self.fail(dimension_id, column, "expected a list or an object")

    def values(self, total: int) -> tuple[Any, list[int] | None]:
        """A lookup from flat index to value, and the flat indexes of a sparse dataset."""
        value = self.document["value"]
        if isinstance(value, list):
            if len(value) != total:
                raise self.fail("value", "value", f"the sizes give {total} cells, 'value' has "
                                f"{len(value)}")
            return value.__getitem__, None
        if isinstance(value, dict):
            sparse = {self._flat(key, total, "value"): cell for key, cell in value.items()}
            status = self.document.get("status")
            flats = set(sparse)
            if isinstance(status, dict):
                flats |= {self._flat(key, total, "status") for key in status}
            return sparse.get, sorted(flats)
        raise self.fail("value", "value", "expected a list or an object")

    def status(self, total: int) -> Any:
        status = self.document.get("status")
        if status is None or status == "":
            return lambda flat: ""
        if isinstance(status, str):
            return lambda flat: status.strip()
        if isinstance(status, list):
            if len(status) != total:
                raise self.fail("status", "status", f"the sizes give {total} cells, 'status' "
                                f"has {len(status)}")
            return lambda flat: (status[flat] or "").strip()
        if isinstance(status, dict):
            by_flat = {self._flat(key, total, "status"): (symbol or "").strip()
                       for key, symbol in status.items()}
            return lambda flat: by_flat.get(flat, "")
        raise self.fail("status", "status", "expected a string, a list or an object")

    def _flat(self, key: str, total: int, column: str) -> int:
        if not key.isdigit() or int(key) >= total:
            raise self.fail(key, f"{column}[{key}]",
                            f"not a cell of this dataset (it has {total} cells)")
        return int(key)

    def normalise(self, dimension_id: str, codes: list[str],
                  mapping: Mapping) -> tuple[str, list[Any]]:
        """The role of a dimension and its codes in the form observations store."""
        column = f"dimension.{dimension_id}"

        def each(function: Any, what: str) -> list[Any]:
            result = []
            for code in codes:
                normalised = function(code)
                if normalised is None:
                    raise self.fail(code, column, f"not {what}: {code!r}")
                result.append(normalised)
            return result

        if dimension_id == mapping.geo:
            return "geo", each(normalise_geo, "a geography code")
        if dimension_id == mapping.time:
            return "time", each(parse_period, "a year or period like 2022_2024")
        if dimension_id == mapping.sex:
            return "sex", each(lambda c: c if c in {"0", "1", "2"} else None,
                               "a sex code (0, 1 or 2)")
        if dimension_id == mapping.age:
            return "age", each(age_code, "an age or age group")
        if dimension_id == mapping.metric:
            return "metric", codes
        return "other", [code.strip() for code in codes]


def age_code(code: str) -> str | None:
    """``000`` → ``0_0``; ``105+`` → ``105_120``; ``020-024`` → ``20_24``; ``45_120`` stays."""
    if "_" in code:
        return parse_age(code)
    match = _SSB_AGE.fullmatch(code.strip())
    if not match:
        return None
    start = int(match[1])
    end = MAX_AGE if match[2] == "+" else int(match[3] or match[1])
    return f"{start}_{end}" if start <= end else None
