"""Races in tests: run calls in threads released at the same moment (PostgreSQL tests)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.utils import translation


def require_postgresql(why: str = "needs PostgreSQL's row locks") -> None:
    """Skip the test on SQLite, which serialises writers: there is no race to lose."""
    if connection.vendor != "postgresql":
        pytest.skip(why)


def at_once(*calls: Callable[[], Any], wait: float = 20, join: float = 60) -> list[Any]:
    """Run ``calls`` in threads released together by a barrier; each call's result, or the
    exception it raised, in the order given. Messages are in English; each thread closes its
    own database connection."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=wait)
            with translation.override("en"):
                results[index] = call()
        except Exception as error:  # the test inspects it
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=join)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    return results
