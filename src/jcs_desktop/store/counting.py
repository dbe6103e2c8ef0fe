"""Counting database transactions, for benchmarks and for tests that hold a use case to
"one write transaction, no reads".

A transaction is counted when it ends (commit or rollback); it is a write if it ran any
INSERT, UPDATE or DELETE, else a read.
"""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.engine import Engine

_WRITES = frozenset({"INSERT", "UPDATE", "DELETE", "REPLACE"})


class TransactionCounter:
    """Counts transactions on an engine: each ``begin`` opens one; a write statement marks it."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.writes = 0
        self.reads = 0
        self._open_is_write: list[bool] = []
        event.listen(engine, "begin", self._begin)
        event.listen(engine, "before_cursor_execute", self._statement)
        event.listen(engine, "commit", self._end)
        event.listen(engine, "rollback", self._end)

    def _begin(self, _conn) -> None:
        self._open_is_write.append(False)

    def _statement(self, _conn, _cursor, statement: str, *_args) -> None:
        verb = statement.lstrip().split(None, 1)[0].upper() if statement.strip() else ""
        if self._open_is_write and verb in _WRITES:
            self._open_is_write[-1] = True

    def _end(self, _conn) -> None:
        if self._open_is_write:
            if self._open_is_write.pop():
                self.writes += 1
            else:
                self.reads += 1

    def take(self) -> tuple[int, int]:
        counts = (self.writes, self.reads)
        self.writes = self.reads = 0
        return counts

    def close(self) -> None:
        """Stop counting."""
        event.remove(self.engine, "begin", self._begin)
        event.remove(self.engine, "before_cursor_execute", self._statement)
        event.remove(self.engine, "commit", self._end)
        event.remove(self.engine, "rollback", self._end)
