"""Progress of a refresh: a tqdm bar per source (requests so far) on a terminal, plain lines otherwise."""

from __future__ import annotations

from typing import TextIO

from tqdm import tqdm


class Progress:
    def __init__(self, out: TextIO | None, total: int):
        self.out = out
        self.total = total
        self.tty = bool(out is not None and hasattr(out, "isatty") and out.isatty())
        self.bar: tqdm | None = None

    def line(self, text: str) -> None:
        if self.out is not None:
            print(text, file=self.out, flush=True)

    def start(self, n: int, label: str) -> None:
        """A source begins: a new bar on a terminal, a line otherwise."""
        if self.tty:
            self.bar = tqdm(desc=f"[{n}/{self.total}] {label}", unit=" req", file=self.out, leave=True, dynamic_ncols=True)
        else:
            self.line(f"[{n}/{self.total}] {label} …")

    def request(self, url: str) -> None:
        """One request sent (the bar counts them and shows the address)."""
        if self.bar is not None:
            self.bar.set_postfix_str(url[-60:], refresh=False)
            self.bar.update(1)

    def finish(self, n: int, text: str) -> None:
        if self.bar is not None:
            self.bar.set_postfix_str(text[:80])
            self.bar.close()
            self.bar = None
        else:
            self.line(f"[{n}/{self.total}] {text}")
