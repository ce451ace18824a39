"""Audited writes of the community map pages (dismissing a nudge is ``actions.dismiss_nudge``)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from samskap.actors.models import NudgeDismissal
from samskap.audit import log


@transaction.atomic
def restore_nudge(*, dismissal: NudgeDismissal, user: Any) -> None:
    """Undo a dismissal: the nudge shows again wherever it applies. Logged with the reason
    it had been dismissed for."""
    before = {"code": dismissal.code, "subject": dismissal.subject,
              "reason": dismissal.reason}
    municipality = dismissal.municipality
    log.record(actor=user, action="actors.restore_nudge", obj=dismissal,
               municipality=municipality, before=before)
    dismissal.delete()
