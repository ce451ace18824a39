"""The activities a process runs or builds on, from whatever apps have them.

Local knowledge is linked explicitly (Process.local_knowledge); conversations point to their
process. Apps added later appear here when they have a model with a ``process`` foreign key
listed in :data:`SOURCES`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from samskap.knowledge.models import Moderation
from samskap.processes.models import Process

#: (app label, model name, attribute with the title) of activities that point to a process.
SOURCES = (("conversations", "Conversation", "topic"),)


@dataclass(frozen=True)
class Activity:
    kind: str
    title: str
    url: str


def _url(obj: object) -> str:
    try:
        return str(obj.get_absolute_url())  # type: ignore[attr-defined]
    except (AttributeError, NoReverseMatch):
        return ""


def activities(process: Process) -> list[Activity]:
    """What the process runs (conversations, …) and builds on (local knowledge)."""
    found = []
    for app_label, model_name, title in SOURCES:
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            continue
        for obj in model._default_manager.filter(process=process).order_by("pk"):
            found.append(Activity(str(model._meta.verbose_name).capitalize(),
                                  str(getattr(obj, title)), _url(obj)))
    number = process.municipality.number
    for item in process.local_knowledge.filter(status=Moderation.PUBLISHED).order_by(
            "-created_at"):
        found.append(Activity(_("Local knowledge"), item.title, reverse(
            "knowledge:local_detail", kwargs={"number": number, "pk": item.pk})))
    return found
