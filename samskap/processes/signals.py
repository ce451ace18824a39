"""Signals other apps may listen to (e-mail notifications to followers, for instance)."""

from __future__ import annotations

from django.dispatch import Signal

#: Sent by samskap.processes.actions.change_state after the change is saved, inside its
#: transaction (use transaction.on_commit for side effects). Arguments: ``process``,
#: ``change`` (the StateChange with from_state, to_state, note), ``user``.
state_changed = Signal()
