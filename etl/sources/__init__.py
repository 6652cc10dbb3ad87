"""One module a source; each client is `fetch(spec, ctx) -> raw` and `parse(spec, raw, ctx) -> tidy rows`."""

from __future__ import annotations

from etl.sources.base import Client
from etl.sources.excel import ExcelClient
from etl.sources.kolada import KoladaClient
from etl.sources.publishers import PublisherClient
from etl.sources.pxweb import ScbV1Client, ScbV2Client


def client_for(kind: str) -> Client:
    """The client for a spec's kind (scb_v2, scb_v1, kolada, excel, publisher)."""
    clients = {
        "scb_v2": ScbV2Client,
        "scb_v1": ScbV1Client,
        "kolada": KoladaClient,
        "excel": ExcelClient,
        "publisher": PublisherClient,
    }
    return clients[kind]()
