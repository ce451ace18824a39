"""Actors and settings in and out as CSV and JSON.

Import is all or nothing: every row goes through the same actions as the pages (so it is
validated and audited), inside one transaction, and the first bad cell stops it with an error
naming the file, the line and the column. A dry run does the same and rolls back.

Actors are matched to existing ones by organisation number when the row has one, otherwise by
name; settings by name. Districts (a setting's district, the ``district:`` groups) are written
by name, so a file moves between installations.

CSV files (one per kind, told apart by their header):

- actors: ``ACTOR_COLUMNS``; ``groups_reached`` separated by ";".
- settings: ``SETTING_COLUMNS``; ``actors`` as ``kind:actor name`` separated by ";",
  ``linked_settings`` as setting names separated by ";" (each may be named in either file row).

JSON: ``{"actors": [...], "settings": [...]}``, the same fields, with an actor's ``resources``
as a list of ``{"kind", "description", "amount"}`` and lists in place of ";"-separated text.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TextIO

from django.core.exceptions import ValidationError
from django.db import transaction

from samskap.actors import actions
from samskap.actors.models import (
    DISTRICT_GROUP,
    Actor,
    ActorResource,
    ActorSettingLink,
    Setting,
    SettingLink,
)
from samskap.lib import orgnr
from samskap.lib.fileimport import ImportFailed, decode, sniff_delimiter
from samskap.lib.spreadsheet import FORMULA_STARTS, csv_for_excel
from samskap.municipalities.models import District, Municipality

ACTOR_COLUMNS = ("name", "kind", "sector", "org_number", "description", "interests",
                 "influence", "interest", "affected", "obstruction", "groups_reached")
SETTING_COLUMNS = ("name", "kind", "district", "actors", "linked_settings")
SCORE_COLUMNS = ("influence", "interest", "affected", "obstruction")


@dataclass
class Result:
    actors_created: int = 0
    actors_changed: int = 0
    settings_created: int = 0
    settings_changed: int = 0
    links: int = 0
    dry_run: bool = False
    notes: list[str] = field(default_factory=list)
    #: (table, name, created) of every actor and setting row, in file order: the preview.
    rows: list[tuple[str, str, bool]] = field(default_factory=list)

    def summary(self) -> str:
        prefix = "Dry run, nothing written: would import" if self.dry_run else "Imported"
        return (f"{prefix} {self.actors_created} new and {self.actors_changed} changed actors, "
                f"{self.settings_created} new and {self.settings_changed} changed settings, "
                f"{self.links} links.")


class _Rollback(Exception):
    pass


@dataclass
class _Row:
    line: int | None
    values: dict[str, Any]
    where: str = ""  # JSON: the record's position, e.g. "actors[2]"

    def column(self, name: str) -> str:
        return f"{self.where}.{name}" if self.where else name


def import_file(data: bytes, path: str, *, municipality: Municipality, user: Any,
                dry_run: bool = False) -> Result:
    """Import an actors CSV, a settings CSV or a JSON file; ImportFailed on the first error."""
    # UTF-8 (with or without BOM) or, as older Excel saves it, Windows-1252; else the error
    # names the line and the byte that is neither.
    text, _encoding = decode(path, data)
    if text.lstrip().startswith("{"):
        actor_rows, setting_rows = _json_rows(text, path)
    else:
        actor_rows, setting_rows = _csv_rows(text, path)
    result = Result(dry_run=dry_run)
    try:
        with transaction.atomic():
            importer = _Importer(path, municipality, user, result)
            for row in actor_rows:
                importer.actor(row)
            for row in setting_rows:
                importer.setting(row)
            for row in setting_rows:
                importer.setting_links(row)
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    return result


def _csv_rows(text: str, path: str) -> tuple[list[_Row], list[_Row]]:
    # Norwegian Excel saves with ";"; the separator is whichever the header line uses most.
    delimiter = sniff_delimiter(path, text.split("\n", 1)[0])
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip() for h in reader.fieldnames or []]
    reader.fieldnames = header
    expected: tuple[str, ...]
    if "org_number" in header:
        expected, kind = ACTOR_COLUMNS, "actors"
    elif "district" in header:
        expected, kind = SETTING_COLUMNS, "settings"
    else:
        raise ImportFailed(path, 1, "", "the header names neither an actors file (with "
                           "org_number) nor a settings file (with district)")
    for required in ("name", "kind"):
        if required not in header:
            raise ImportFailed(path, 1, required, "this column is missing")
    unknown = [h for h in header if h not in expected]
    if unknown:
        raise ImportFailed(path, 1, unknown[0], "unknown column")
    rows = []
    for record in reader:
        if None in record:
            raise ImportFailed(path, reader.line_num, "", "more cells than columns")
        values: dict[str, Any] = {k: _unsafe((v or "").strip()) for k, v in record.items()}
        if not any(values.values()):
            continue
        for name in ("groups_reached", "actors", "linked_settings"):
            if name in values:
                values[name] = [p.strip() for p in values[name].split(";") if p.strip()]
        rows.append(_Row(reader.line_num, values))
    return (rows, []) if kind == "actors" else ([], rows)


def _unsafe(value: str) -> str:
    """Undo csv_for_excel's apostrophe before text that would start a formula."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def _json_rows(text: str, path: str) -> tuple[list[_Row], list[_Row]]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFailed(path, error.lineno, "", f"not valid JSON ({error.msg})") from error
    if not isinstance(document, dict):
        raise ImportFailed(path, None, "", "expected an object with actors and settings")
    result: list[list[_Row]] = []
    for key, columns in (("actors", (*ACTOR_COLUMNS, "resources")),
                         ("settings", SETTING_COLUMNS)):
        records = document.get(key, [])
        if not isinstance(records, list):
            raise ImportFailed(path, None, key, "expected a list")
        rows = []
        for i, record in enumerate(records):
            where = f"{key}[{i}]"
            if not isinstance(record, dict):
                raise ImportFailed(path, None, where, "expected an object")
            unknown = [k for k in record if k not in columns]
            if unknown:
                raise ImportFailed(path, None, f"{where}.{unknown[0]}", "unknown field")
            values = {k: ("" if v is None else v) for k, v in record.items()}
            for name in ("groups_reached", "actors", "linked_settings", "resources"):
                if name in values and not isinstance(values[name], list):
                    raise ImportFailed(path, None, f"{where}.{name}", "expected a list")
            rows.append(_Row(None, values, where))
        result.append(rows)
    return result[0], result[1]


class _Importer:
    def __init__(self, path: str, municipality: Municipality, user: Any, result: Result):
        self.path, self.municipality, self.user, self.result = path, municipality, user, result
        self.districts = {d.name.casefold(): d for d in municipality.districts.all()}
        self.actors_by_name: dict[str, Actor] = {}
        self.org_numbers: set[str] = set()
        self.settings_by_name: dict[str, Setting] = {}
        for actor in Actor.objects.of(municipality):
            self.actors_by_name.setdefault(actor.name.casefold(), actor)
        for setting in Setting.objects.filter(municipality=municipality):
            self.settings_by_name.setdefault(setting.name.casefold(), setting)

    def fail(self, row: _Row, column: str, message: str) -> ImportFailed:
        return ImportFailed(self.path, row.line, row.column(column), message)

    def _district(self, row: _Row, column: str, name: str) -> District:
        district = self.districts.get(name.casefold())
        if district is None:
            raise self.fail(row, column, f"no district named {name!r}")
        return district

    def actor(self, row: _Row) -> None:
        values = row.values
        data: dict[str, Any] = {}
        for name in ("name", "kind", "sector", "org_number", "description", "interests"):
            if name in values:
                data[name] = str(values[name]).strip()
        for name in SCORE_COLUMNS:
            if name in values:
                data[name] = self._score(row, name, values[name])
        if "groups_reached" in values:
            groups = []
            for code in values["groups_reached"]:
                match = DISTRICT_GROUP.fullmatch(str(code))
                if str(code).startswith("district:") and not match:
                    code = f"district:{self._district(row, 'groups_reached', code[9:]).pk}"
                groups.append(code)
            data["groups_reached"] = groups
        resources = None
        if "resources" in values:
            resources = []
            for r in values["resources"]:
                if not isinstance(r, dict) or r.get("kind") not in ActorResource.Kind.values:
                    raise self.fail(row, "resources", f"not a resource: {r!r}")
                resources.append({k: str(r.get(k) or "") for k in
                                  ("kind", "description", "amount")})
        existing = None
        number = orgnr.normalise(data.get("org_number", ""))
        if number:
            if number in self.org_numbers:
                raise self.fail(row, "org_number", f"{number} appears twice in the file")
            self.org_numbers.add(number)
            existing = Actor.objects.of(self.municipality).filter(org_number=number).first()
        if existing is None and data.get("name"):
            existing = self.actors_by_name.get(data["name"].casefold())
        try:
            actor = actions.save_actor(municipality=self.municipality, user=self.user,
                                       data=data, actor=existing, resources=resources)
        except ValidationError as error:
            raise self._validation(row, error) from error
        self.actors_by_name[actor.name.casefold()] = actor
        self.result.rows.append(("actors", actor.name, existing is None))
        if existing is None:
            self.result.actors_created += 1
        else:
            self.result.actors_changed += 1

    def _score(self, row: _Row, column: str, value: Any) -> int | None:
        if value in ("", None):
            return None
        try:
            score = int(value)
        except (TypeError, ValueError):
            raise self.fail(row, column, f"{value!r} is not a whole number from 1 to 5") from None
        if not 1 <= score <= 5:
            raise self.fail(row, column, f"{score} is not from 1 to 5")
        return score

    def setting(self, row: _Row) -> None:
        values = row.values
        data: dict[str, Any] = {k: str(values[k]).strip() for k in ("name", "kind")
                                if k in values}
        if "district" in values:
            name = str(values["district"]).strip()
            data["district"] = self._district(row, "district", name) if name else None
        existing = self.settings_by_name.get(data.get("name", "").casefold())
        try:
            setting = actions.save_setting(municipality=self.municipality, user=self.user,
                                           data=data, setting=existing)
        except ValidationError as error:
            raise self._validation(row, error) from error
        self.settings_by_name[setting.name.casefold()] = setting
        self.result.rows.append(("settings", setting.name, existing is None))
        if existing is None:
            self.result.settings_created += 1
        else:
            self.result.settings_changed += 1
        for entry in values.get("actors", []):
            kind, sep, actor_name = str(entry).partition(":")
            if not sep or kind not in ActorSettingLink.Kind.values:
                raise self.fail(row, "actors", f"{entry!r} is not kind:actor name (kind one "
                                f"of {', '.join(ActorSettingLink.Kind.values)})")
            actor = self.actors_by_name.get(actor_name.strip().casefold())
            if actor is None:
                raise self.fail(row, "actors", f"no actor named {actor_name.strip()!r}")
            actions.link_actor_to_setting(actor=actor, setting=setting, kind=kind,
                                          user=self.user)
            self.result.links += 1

    def setting_links(self, row: _Row) -> None:
        setting = self.settings_by_name[str(row.values["name"]).strip().casefold()]
        for name in row.values.get("linked_settings", []):
            other = self.settings_by_name.get(str(name).strip().casefold())
            if other is None:
                raise self.fail(row, "linked_settings", f"no setting named {name!r}")
            try:
                actions.link_settings(a=setting, b=other, user=self.user)
            except ValidationError as error:
                raise self.fail(row, "linked_settings", " ".join(error.messages)) from error
            self.result.links += 1

    def _validation(self, row: _Row, error: ValidationError) -> ImportFailed:
        if hasattr(error, "error_dict"):
            name, errors = next(iter(error.error_dict.items()))
            column = "" if name == "__all__" else name
            messages = [m for e in errors for m in e.messages]
            if any(e.code == "duplicate_org_number" for e in errors):
                column = "org_number"
            return self.fail(row, column, " ".join(messages))
        return self.fail(row, "", " ".join(error.messages))


# Export -----------------------------------------------------------------------------------

def _district_names(municipality: Municipality) -> dict[int, str]:
    return dict(municipality.districts.values_list("pk", "name"))


def _groups_out(groups: Iterable[str], districts: dict[int, str]) -> list[str]:
    out = []
    for code in groups:
        match = DISTRICT_GROUP.fullmatch(code)
        out.append(f"district:{districts.get(int(match[1]), match[1])}" if match else code)
    return out


def actor_records(municipality: Municipality) -> list[dict[str, Any]]:
    """The municipality's actors as export records (two queries)."""
    districts = _district_names(municipality)
    records = []
    for actor in Actor.objects.of(municipality).prefetch_related("resources"):
        record: dict[str, Any] = {name: getattr(actor, name) for name in ACTOR_COLUMNS}
        record["groups_reached"] = _groups_out(actor.groups_reached, districts)
        record["resources"] = [{"kind": r.kind, "description": r.description,
                                "amount": r.amount} for r in actor.resources.all()]
        records.append(record)
    return records


def setting_records(municipality: Municipality) -> list[dict[str, Any]]:
    """The municipality's settings with their links as export records (four queries)."""
    settings = list(Setting.objects.filter(municipality=municipality)
                    .select_related("district"))
    names = {s.pk: s.name for s in settings}
    links: dict[int, list[str]] = {s.pk: [] for s in settings}
    for setting_id, kind, actor_name in (
            ActorSettingLink.objects.filter(setting__municipality=municipality)
            .order_by("actor__name", "kind").values_list("setting_id", "kind", "actor__name")):
        links[setting_id].append(f"{kind}:{actor_name}")
    ripples: dict[int, list[str]] = {s.pk: [] for s in settings}
    for a, b in SettingLink.objects.filter(setting_a__municipality=municipality).values_list(
            "setting_a_id", "setting_b_id"):
        # Each pair once, on the setting whose name sorts first: ids differ between
        # installations, names travel.
        first, second = sorted((a, b), key=lambda pk: (names[pk], pk))
        ripples[first].append(names[second])
    for names_list in ripples.values():
        names_list.sort()
    return [{"name": s.name, "kind": s.kind,
             "district": s.district.name if s.district else "",
             "actors": links[s.pk], "linked_settings": ripples[s.pk]} for s in settings]


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return ";".join(value)
    return "" if value is None else value


def actors_csv(municipality: Municipality) -> bytes:
    """The actors as CSV for Excel (UTF-8 with BOM, formula-safe); resources only in JSON."""
    return csv_for_excel(ACTOR_COLUMNS, ([_cell(r[c]) for c in ACTOR_COLUMNS]
                                         for r in actor_records(municipality)))


def settings_csv(municipality: Municipality) -> bytes:
    """The settings and their links as CSV for Excel."""
    return csv_for_excel(SETTING_COLUMNS, ([_cell(r[c]) for c in SETTING_COLUMNS]
                                           for r in setting_records(municipality)))


def write_json(municipality: Municipality, out: TextIO) -> int:
    """Actors and settings as one JSON document; returns how many records were written."""
    document = {"municipality": municipality.number, "actors": actor_records(municipality),
                "settings": setting_records(municipality)}
    json.dump(document, out, ensure_ascii=False, indent=2)
    out.write("\n")
    return len(document["actors"]) + len(document["settings"])
