"""Signals of “you said, we did”.

``process_state_changed`` is sent by the processes app when a process moves from one state
to another (draft → open → analysing → concluded → closed, or back):

    process_state_changed.send(sender=Process, process=process,
                               old_state="open", new_state="analysing")

Send it inside the action's transaction: the followers who consented to e-mail are told once
it commits (nothing is sent if it rolls back). Calling
``samskap.responses.notify.notify_state_change(process, old_state, new_state)`` does the same;
use one or the other, not both.
"""

from __future__ import annotations

from django.dispatch import Signal

process_state_changed = Signal()
