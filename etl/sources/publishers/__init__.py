"""Files on the publishers' own sites (kind `publisher`): one reader a layout, one URL a source.

A reader knows its file's encoding, the columns its header must have (the doctor checks them on the file's
first bytes) and how to turn the text into long rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from etl.sources.base import Context, tidy
from etl.sources.publishers import tillvaxtverket
from etl.sources.spec import SourceSpec


@dataclass(frozen=True)
class Reader:
    encoding: str
    columns: tuple[str, ...]
    read: Callable[[str, SourceSpec], pd.DataFrame]


READERS = {
    "tillvaxtverket_gastnatter": Reader("latin-1", tillvaxtverket.COLUMNS, tillvaxtverket.read_guest_nights),
}


class PublisherClient:
    def fetch(self, spec: SourceSpec, ctx: Context) -> str:
        return ctx.fetcher.text("GET", spec.url, encoding=READERS[spec.reader].encoding)

    def parse(self, spec: SourceSpec, raw: str, ctx: Context) -> pd.DataFrame:
        return tidy(READERS[spec.reader].read(raw, spec), spec.id, ctx.known)
