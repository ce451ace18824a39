"""What the results page shows, built from the stored map and the vote counts.

Nothing here describes fewer than ``conversation.k_threshold`` people: a statement's shares
need at least k votes, a group's shares at least k votes from that group, and a demographic
count is shown as "fewer than k" below k (0 stays 0: nobody is nobody).
"""

from __future__ import annotations

import string
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from samskap.analysis.opinion_map import Counts, OpinionMap
from samskap.conversations.mapping import stored_map
from samskap.conversations.models import (
    AgeBand,
    Conversation,
    Demographics,
    Education,
    Gender,
    Participant,
    Vote,
)

#: Group colours (distinguishable in colour-blindness simulations; each group is also labelled
#: with its letter, so colour is never the only cue).
COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00")
SVG_WIDTH, SVG_HEIGHT, MARGIN, GRID = 480, 320, 24, 32


def group_label(group_id: int) -> str:
    letters = string.ascii_uppercase
    return _("Group %(letter)s") % {"letter": letters[group_id % len(letters)]}


@dataclass
class Shares:
    """Agree / disagree / pass as whole per cents, or None when fewer than k voted."""

    votes: int
    agree: int | None
    disagree: int | None
    passed: int | None

    @classmethod
    def of(cls, agree: int, disagree: int, passed: int, k: int) -> Shares:
        total = agree + disagree + passed
        if total < k or total == 0:
            return cls(total, None, None, None)
        return cls(total, round(100 * agree / total), round(100 * disagree / total),
                   round(100 * passed / total))

    @property
    def suppressed(self) -> bool:
        return self.agree is None


def _shares(counts: Counts | None, k: int) -> Shares:
    if counts is None:
        return Shares(0, None, None, None)
    return Shares.of(counts.agree, counts.disagree, counts.passed, k)


def _svg(opinion: OpinionMap, labels: dict[int, str]) -> dict[str, Any] | None:
    """Participants binned on a grid per group (bounded size however many there are)."""
    points = [(xy, opinion.participants.get(pid)) for pid, xy in opinion.coordinates.items()]
    if not points:
        return None
    xs = [xy[0] for xy, _g in points] + [g.centre[0] for g in opinion.groups.values()]
    ys = [xy[1] for xy, _g in points] + [g.centre[1] for g in opinion.groups.values()]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    span_x, span_y = (x1 - x0) or 1.0, (y1 - y0) or 1.0

    def place(x: float, y: float) -> tuple[float, float]:
        return (MARGIN + (x - x0) / span_x * (SVG_WIDTH - 2 * MARGIN),
                MARGIN + (y - y0) / span_y * (SVG_HEIGHT - 2 * MARGIN))

    bins: Counter[tuple[int, int, int]] = Counter()
    for (x, y), group in points:
        px, py = place(x, y)
        bins[(int(px // (SVG_WIDTH / GRID)), int(py // (SVG_HEIGHT / GRID)),
              -1 if group is None else group)] += 1
    cell_w, cell_h = SVG_WIDTH / GRID, SVG_HEIGHT / GRID
    biggest = max(bins.values())
    dots = [{"x": round((i + 0.5) * cell_w, 1), "y": round((j + 0.5) * cell_h, 1),
             "r": round(2 + 5 * (count / biggest) ** 0.5, 1),
             "colour": COLOURS[group % len(COLOURS)] if group >= 0 else "#767676"}
            for (i, j, group), count in sorted(bins.items())]
    centres = []
    for each in opinion.groups.values():
        cx, cy = place(*each.centre)
        centres.append({"x": round(cx, 1), "y": round(cy, 1), "label": labels[each.id],
                        "letter": labels[each.id].split()[-1]})
    return {"width": SVG_WIDTH, "height": SVG_HEIGHT, "dots": dots, "centres": centres}


def _demographics(conversation: Conversation, k: int) -> list[dict[str, Any]]:
    """How many of those who voted answered each question, per answer; small cells hidden."""
    voters = Vote.objects.filter(statement__conversation=conversation).values("participant_id")
    answers = Demographics.objects.filter(municipality=conversation.process.municipality,
                                          participant_id__in=voters).select_related("district")
    rows: dict[str, Counter[str]] = defaultdict(Counter)
    for answer in answers:
        rows["district"][answer.district.name if answer.district else ""] += 1
        rows["age_band"][answer.get_age_band_display() if answer.age_band else ""] += 1
        rows["gender"][answer.get_gender_display() if answer.gender else ""] += 1
        rows["education"][answer.get_education_display() if answer.education else ""] += 1
    titles = {"district": _("District"), "age_band": _("Age"), "gender": _("Gender"),
              "education": _("Education")}
    orders = {"age_band": [str(label) for label in AgeBand.labels],
              "gender": [str(label) for label in Gender.labels],
              "education": [str(label) for label in Education.labels]}
    result = []
    for key, title in titles.items():
        counter = rows.get(key, Counter())
        answered = sum(n for value, n in counter.items() if value)
        values = orders.get(key) or sorted(value for value in counter if value)
        cells = [{"value": value,
                  "count": counter[value] if counter[value] == 0 or counter[value] >= k
                  else None} for value in values]
        # With a hidden cell the total is hidden too: total minus the shown cells would give
        # the hidden one away.
        hidden = (answered < k and answered != 0) or any(c["count"] is None for c in cells)
        result.append({"title": title, "answered": None if hidden else answered,
                       "cells": cells})
    return result


def build_results(conversation: Conversation,
                  participant: Participant | None) -> dict[str, Any]:
    k = conversation.k_threshold
    row, opinion = stored_map(conversation)
    statements = {s.pk: s for s in conversation.statements.visible().with_counts()}
    overall = {pk: Shares.of(s.agree_count, s.disagree_count, s.pass_count, k)  # type: ignore[attr-defined]
               for pk, s in statements.items()}
    context: dict[str, Any] = {
        "k": k, "computed": row, "opinion": opinion,
        "participants": Vote.objects.filter(statement__conversation=conversation)
        .values("participant_id").distinct().count(),
        "demographics": _demographics(conversation, k),
    }
    if opinion is None:
        context["table"] = [{"statement": s, "overall": overall[pk], "groups": []}
                            for pk, s in statements.items()]
        return context

    group_ids = sorted(opinion.groups)
    labels = {gid: group_label(gid) for gid in group_ids}
    clustered = sum(group.size for group in opinion.groups.values()) or 1

    def text(pk: Any) -> str:
        statement = statements.get(pk)
        return statement.text if statement is not None else ""

    groups = []
    for gid in group_ids:
        group = opinion.groups[gid]
        reps = []
        for rep in group.representative:
            if rep.statement not in statements:
                continue
            share = _shares(opinion.statements[rep.statement].groups.get(gid)
                            if rep.statement in opinion.statements else None, k)
            reps.append({"text": text(rep.statement), "direction": rep.direction,
                         "share": share.agree if rep.direction == "agree" else share.disagree})
        groups.append({"id": gid, "label": labels[gid], "size": group.size,
                       "share": round(100 * group.size / clustered),
                       "colour": COLOURS[gid % len(COLOURS)], "representative": reps,
                       "small": group.size < k})
    table = []
    divisive: list[tuple[int, dict[str, Any]]] = []
    for pk, statement in statements.items():
        stats = opinion.statements.get(pk)
        per_group = [{"label": labels[gid],
                      "shares": _shares(stats.groups.get(gid) if stats else None, k)}
                     for gid in group_ids]
        table.append({"statement": statement, "overall": overall[pk], "groups": per_group})
        agree_shares = [shares.agree for shares in
                        (g["shares"] for g in per_group) if isinstance(shares, Shares)]
        known = [share for share in agree_shares if share is not None]
        if len(known) >= 2 and len(known) == len(agree_shares):
            spread = max(known) - min(known)
            if spread >= 30:
                divisive.append((spread, {"statement": statement, "groups": per_group}))
    divisive.sort(key=lambda item: -item[0])
    consensus = {direction: [{"text": text(c.statement), "share": round(100 * c.p_success)}
                             for c in opinion.consensus.get(direction, ())
                             if c.statement in statements]
                 for direction in ("agree", "disagree")}
    mine = opinion.group_of(participant.pk) if participant is not None else None
    context.update({
        "groups": groups, "table": table, "consensus": consensus,
        "divisive": [item for _spread, item in divisive[:5]],
        "group_labels": [labels[gid] for gid in group_ids],
        "svg": _svg(opinion, labels),
        "my_group": labels.get(mine) if mine is not None else None,
        "my_group_clustered": participant is not None
        and opinion.participants.get(participant.pk) is not None,
    })
    return context

