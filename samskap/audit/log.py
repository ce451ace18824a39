"""Write audit entries from domain actions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import models

from samskap.audit.models import AuditEntry


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields of ``obj`` as JSON-ready values (foreign keys by their text)."""
    data = {}
    for name in fields:
        field = obj._meta.get_field(name)
        value = getattr(obj, name)
        if isinstance(field, models.ForeignKey):
            value = str(value) if value is not None else None
        data[name] = _jsonable(value)
    return data


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    municipality: Any,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEntry:
    """Add one audit entry. Call inside the action's transaction so both land or neither."""
    entry = _entry(actor, action, obj, municipality, before, after, reason)
    entry.save(force_insert=True)
    return entry


def record_many(entries: Iterable[dict[str, Any]]) -> list[AuditEntry]:
    """Add several audit entries in one query (an action on many objects), each given as
    :func:`record`'s keyword arguments."""
    return AuditEntry.objects.bulk_create([
        _entry(fields["actor"], fields["action"], fields["obj"], fields["municipality"],
               fields.get("before"), fields.get("after"), fields.get("reason", ""))
        for fields in entries])


def _entry(actor: Any, action: str, obj: models.Model, municipality: Any,
           before: dict[str, Any] | None, after: dict[str, Any] | None,
           reason: str) -> AuditEntry:
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry(municipality=municipality, actor=user, action=action,
                      object_type=obj._meta.label_lower, object_id=str(obj.pk),
                      object_repr=str(obj)[:255], before=before or {}, after=after or {},
                      reason=reason)
