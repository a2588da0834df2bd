"""The one place the tests wait: for a condition, never for the clock.

A test that sleeps a fixed time is either slow (it waits longer than needed) or flaky (on a
loaded machine it did not wait long enough). Every wait polls a condition until it holds, with a
generous deadline that only a broken feature reaches. tests/test_suite_health.py fails if any
other test module sleeps or reads the wall clock.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest


def wait_until(condition: Callable[[], Any], timeout: float = 10.0, interval: float = 0.05,
               message: str | Callable[[], str] = "", ignoring: tuple[type[Exception], ...] = (),
               stop: Callable[[], str | None] | None = None) -> Any:
    """`condition()`'s first true value within `timeout` seconds; the test fails with `message`
    otherwise (a function: called then, e.g. to show a log as it is). Exceptions of the `ignoring`
    types count as false (a page being reloaded); `stop()` returning a text fails the test at once
    with it (the process waited on exited)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = condition()
        except ignoring:
            value = None
        if value:
            return value
        stopped = stop() if stop is not None else None
        if stopped:
            pytest.fail(stopped, pytrace=False)
        if time.monotonic() >= deadline:
            said = message() if callable(message) else message
            pytest.fail(said or f"timed out after {timeout} s", pytrace=False)
        time.sleep(interval)
