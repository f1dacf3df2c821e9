"""`@write_service` marks a service that writes (one clerk action, one transaction).

On SQLite its transactions begin IMMEDIATE (db.engine.WRITE_INTENT): the write lock is taken
at the start, waiting up to the busy timeout, so a transaction that reads and then writes is
never refused because another clerk committed in between. Should SQLite still answer
"database is locked" (the timeout ran out under a burst), the transaction was rolled back
entirely and the service is run again, so the clerk never sees the message.
"""
from __future__ import annotations

import functools
import random
import time
from collections.abc import Callable
from typing import TypeVar

from core.errors import DatabaseError
from db.engine import WRITE_INTENT

T = TypeVar("T")
ATTEMPTS = 5


def _locked(exc: BaseException) -> bool:
    return "is locked" in str(exc.__cause__ or exc)


def write_service(fn: Callable[..., T]) -> Callable[..., T]:
    @functools.wraps(fn)
    def run(*args, **kwargs) -> T:
        token = WRITE_INTENT.set(True)
        try:
            for attempt in range(ATTEMPTS):
                try:
                    return fn(*args, **kwargs)
                except DatabaseError as exc:
                    if attempt == ATTEMPTS - 1 or not _locked(exc):
                        raise
                    time.sleep(random.uniform(0.01, 0.05) * (attempt + 1))
            raise AssertionError("unreachable")
        finally:
            WRITE_INTENT.reset(token)
    return run
