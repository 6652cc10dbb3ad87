"""Kolada v3: `GET {base}/data/kpi/{kpi}/municipality/{ids}/year/{years}`, ≤25 ids a segment, paged by next_url.

Each answer carries `values`: one entry per (kpi, municipality, period), each with `values` per gender
(`T`, `K`, `M`) holding `value`, `count`, `status` and `isdeleted`. Deleted and empty values are dropped;
Kolada's `0023`/`0000` become SCB's `23`/`00`. Kolada's terms ask for "Källa: Kolada".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from etl import normalise
from etl.http import source_base
from etl.sources.base import Context, SourceError, tidy
from etl.sources.spec import SourceSpec

MAX_IDS = 25
MAX_PAGES = 1000


def kolada_area(code: str) -> str:
    """SCB's code to Kolada's: riket and län get two leading zeros (`23` → `0023`), kommuner stay."""
    return f"00{code}" if len(code) == 2 else code


def chunks(items: list[str], size: int = MAX_IDS) -> list[list[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


@dataclass(frozen=True)
class KoladaRaw:
    pages: tuple[dict, ...]
    urls: tuple[str, ...]


class KoladaClient:
    def urls(self, spec: SourceSpec, ctx: Context, today: dt.date | None = None) -> list[str]:
        today = today or dt.date.today()
        areas = [kolada_area(a) for a in ctx.expand_areas(list(spec.areas))]
        years = [str(y) for y in range(spec.years_from, today.year + 1)]
        base = source_base(spec)
        return [
            f"{base}/data/kpi/{spec.kpi}/municipality/{','.join(ids)}/year/{','.join(ys)}"
            for ids in chunks(areas)
            for ys in chunks(years)
        ]

    def fetch(self, spec: SourceSpec, ctx: Context) -> KoladaRaw:
        pages, urls = [], []
        for first in self.urls(spec, ctx):
            url: str | None = first
            seen: set[str] = set()
            while url:
                if url in seen or len(seen) >= MAX_PAGES:
                    raise SourceError(f"{spec.id}: paging of {first} does not end (next_url {url} seen before)")
                seen.add(url)
                page = ctx.fetcher.json("GET", url, api="kolada")
                if not isinstance(page, dict) or not isinstance(page.get("values"), list):
                    raise SourceError(f"{spec.id}: {url}: the answer has no 'values' list")
                pages.append(page)
                urls.append(url)
                url = page.get("next_url") or page.get("next_page") or None
        return KoladaRaw(tuple(pages), tuple(urls))

    def parse(self, spec: SourceSpec, raw: KoladaRaw, ctx: Context) -> pd.DataFrame:
        rows = []
        source = spec.source_text or f"Kolada, {spec.kpi}"
        for page, url in zip(raw.pages, raw.urls, strict=True):
            for entry in page["values"]:
                try:
                    if not isinstance(entry, dict):
                        raise TypeError(f"an entry is {type(entry).__name__}, not an object")
                    area = normalise.area_code(entry.get("municipality") or entry.get("municipality_id") or "")
                    period = normalise.period(entry["period"])
                    genders = entry["values"]
                    if not isinstance(genders, list) or not all(isinstance(item, dict) for item in genders):
                        raise TypeError("'values' must be a list of objects, one per gender")
                except (KeyError, TypeError, normalise.NormaliseError) as exc:
                    raise SourceError(f"{spec.id}: {url}: an entry lacks municipality, period or values ({exc})") from None
                if entry.get("kpi") not in (None, spec.kpi):
                    raise SourceError(f"{spec.id}: {url}: the answer is for KPI {entry.get('kpi')!r}, not {spec.kpi!r}")
                for item in genders:
                    if item.get("isdeleted") or item.get("value") is None:
                        continue
                    gender = item.get("gender", "T")
                    if gender not in spec.sexes:
                        continue
                    rows.append(
                        {
                            "indicator_id": spec.indicator,
                            "area_code": area,
                            "period": period,
                            "sex": gender,
                            "value": item["value"],
                            "flag": None,
                            "source": source,
                        }
                    )
        return tidy(rows, spec.id, ctx.known)
