"""What staff can bring into a process as inputs, from what the platform holds today.

- published local knowledge of the knowledge step (its author's name is public there);
- comments on the municipality's overview documents (shown with their author's name).

Statements come from the conversations app, which registers them itself through
``services.register_input``. Each source is named by a key, ``"<kind>-<pk>"``, so a form can
offer them side by side and a tampered key is simply not among the choices.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse

from samskap.knowledge.models import LocalKnowledge, OverviewComment, OverviewDocument
from samskap.responses.models import Input, InputKind


@dataclass(frozen=True)
class Candidate:
    key: str
    kind: str
    obj: models.Model
    title: str
    text: str
    author: Any
    url: str
    already_in: bool

    @property
    def kind_label(self) -> str:
        return str(InputKind(self.kind).label)


def _local_text(item: LocalKnowledge) -> str:
    return f"{item.title}\n\n{item.text}" if item.text else item.title


def candidates(process: Any) -> list[Candidate]:
    """Published local knowledge and overview comments of the process's municipality, newest
    first, each saying whether it is already an input of the process."""
    municipality = process.municipality
    number = municipality.number
    present = {(row[0], row[1]) for row in Input.objects.filter(process=process)
               .values_list("source_type_id", "source_id")}
    local_type = ContentType.objects.get_for_model(LocalKnowledge)
    comment_type = ContentType.objects.get_for_model(OverviewComment)
    found = [
        Candidate(f"local-{item.pk}", InputKind.LOCAL_KNOWLEDGE, item, item.title,
                  _local_text(item), item.author,
                  reverse("knowledge:local_detail", kwargs={"number": number, "pk": item.pk}),
                  (local_type.pk, str(item.pk)) in present)
        for item in LocalKnowledge.objects.for_municipality(municipality).published()
        .select_related("author").order_by("-created_at")[:200]
    ]
    comments = (OverviewComment.objects.filter(document__municipality=municipality)
                .exclude(document__status=OverviewDocument.Status.DRAFT)
                .select_related("author", "document").order_by("-created_at")[:200])
    found += [
        Candidate(f"comment-{comment.pk}", InputKind.COMMENT, comment,
                  comment.document.title, comment.text, comment.author,
                  reverse("knowledge:overview_detail",
                          kwargs={"number": number, "pk": comment.document_id}),
                  (comment_type.pk, str(comment.pk)) in present)
        for comment in comments
    ]
    return found
