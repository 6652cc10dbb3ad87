"""Progress of a refresh: a bar per source on a terminal, plain lines in a log."""

from __future__ import annotations

import io

from etl.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_bar_per_source_on_a_terminal_counts_its_requests():
    out = Terminal()
    progress = Progress(out, 2)
    progress.start(1, "kolada sjukpenningtal_kolada (N00938)")
    for page in (1, 2, 3):
        progress.request(f"https://api.kolada.se/v3/data/kpi/N00938?page={page}")
    progress.finish(1, "sjukpenningtal_kolada: ok N00938: 3 rows (0.10 s)")
    last = out.getvalue().rstrip().split("\r")[-1]  # what the terminal shows once the bar is closed
    assert last.startswith("[1/2] kolada sjukpenningtal_kolada (N00938): 3 req")
    assert "ok N00938: 3 rows" in last


def test_plain_lines_when_not_a_terminal():
    out = io.StringIO()
    progress = Progress(out, 1)
    progress.start(1, "scb_v2 folkmangd_manad_scb (TAB6471)")
    progress.request("https://statistikdatabasen.scb.se/api/v2/config")
    progress.finish(1, "folkmangd_manad_scb: ok TAB6471: 63 rows (0.20 s)")
    assert out.getvalue().splitlines() == [
        "[1/1] scb_v2 folkmangd_manad_scb (TAB6471) …",
        "[1/1] folkmangd_manad_scb: ok TAB6471: 63 rows (0.20 s)",
    ]
