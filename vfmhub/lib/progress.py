"""Progress for long commands: shown on a terminal, silent when output goes to a file or pipe."""

import sys
import time
from collections.abc import Iterable, Iterator
from typing import TextIO, TypeVar

T = TypeVar("T")


class Progress:
    def __init__(self, label: str, total: int | None = None, stream: TextIO | None = None):
        self.label = label
        self.total = total
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self.done = 0
        self._last_draw = 0.0

    def advance(self, step: int = 1) -> None:
        self.done += step
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last_draw < 0.1 and (self.total is None or self.done < self.total):
            return
        self._last_draw = now
        of = f"/{self.total}" if self.total else ""
        self.stream.write(f"\r{self.label}: {self.done}{of}")
        self.stream.flush()

    def finish(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


def progress(items: Iterable[T], label: str, total: int | None = None) -> Iterator[T]:
    bar = Progress(label, total if total is not None else _len(items))
    try:
        for item in items:
            yield item
            bar.advance()
    finally:
        bar.finish()


def _len(items: Iterable) -> int | None:
    try:
        return len(items)  # type: ignore[arg-type]
    except TypeError:
        return None
