"""Files on the publishers' own sites (kind `publisher`): one reader a layout, one URL a source.

A reader knows its file's encoding (None for a binary file such as xlsx), the columns a text file's header
must have (the doctor checks them on the file's first bytes) and how to turn the file into long rows. Binary
files pass through the response cache as Latin-1 text, which maps every byte to one character and back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from etl.sources.base import Context, tidy
from etl.sources.publishers import svenskt_naringsliv, tillvaxtverket
from etl.sources.spec import SourceSpec

BYTES = "latin-1"  # how a binary file is kept as text


@dataclass(frozen=True)
class Reader:
    encoding: str | None  # None: a binary file, handed to `read` as bytes
    columns: tuple[str, ...]
    read: Callable[[Any, SourceSpec, Context], pd.DataFrame]


READERS = {
    "tillvaxtverket_gastnatter": Reader("latin-1", tillvaxtverket.COLUMNS, tillvaxtverket.read_guest_nights),
    "svenskt_naringsliv_statistik": Reader(None, (), svenskt_naringsliv.read_statistik),
}


class PublisherClient:
    def fetch(self, spec: SourceSpec, ctx: Context) -> str:
        return ctx.fetcher.text("GET", spec.url, encoding=READERS[spec.reader].encoding or BYTES)

    def parse(self, spec: SourceSpec, raw: str, ctx: Context) -> pd.DataFrame:
        reader = READERS[spec.reader]
        content = raw if reader.encoding else raw.encode(BYTES)
        return tidy(reader.read(content, spec, ctx), spec.id, ctx.known)
