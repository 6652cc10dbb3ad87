"""SCB's PxWebApi 2.0 and PxWeb v1 (also Tillväxtanalys' v1), json-stat2 answers.

Both read their limits first (v2 `GET /config`: maxDataCells, maxCallsPerTimeWindow, timeWindow; v1
`GET ?config`: maxValues, maxCalls, timeWindow), keep to the call limit, and split a query whose cell count
exceeds the cell limit along its largest explicit variable.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from etl import normalise
from etl.http import source_base
from etl.jsonstat import JsonStatError, to_frame
from etl.pxjson import is_px_json, px_json_to_frame
from etl.sources.base import Context, SourceError, tidy
from etl.sources.spec import Selection, SourceSpec

_TOP = re.compile(r"^top\((\d+)(,\s*\d+)?\)$", re.IGNORECASE)


@dataclass(frozen=True)
class Limits:
    max_cells: int
    max_calls: int
    window: float


@dataclass(frozen=True)
class PxRaw:
    """The answers of one spec: one json-stat2 document per (split) query."""

    docs: tuple[dict, ...]
    urls: tuple[str, ...]


def split_selection(sizes: list[int], explicit: list[bool], max_cells: int) -> list[list[tuple[int, int]]]:
    """Plan the chunks: for each chunk, per variable a (start, stop) slice of its value list.

    Splits the largest explicit variable (then the next) until each chunk is within `max_cells`.
    """
    cells = math.prod(sizes)
    if cells <= max_cells:
        return [[(0, s) for s in sizes]]
    order = sorted((i for i, e in enumerate(explicit) if e and sizes[i] > 1), key=lambda i: -sizes[i])
    chunk_sizes = list(sizes)
    for i in order:
        rest = math.prod(chunk_sizes) // chunk_sizes[i]
        chunk_sizes[i] = max(1, min(sizes[i], max_cells // max(rest, 1)))
        if math.prod(chunk_sizes) <= max_cells:
            break
    if math.prod(chunk_sizes) > max_cells:
        raise SourceError(
            f"the query asks for {cells} cells, over the limit of {max_cells}, and cannot be split further "
            "(use explicit value lists instead of expressions)"
        )
    ranges = [[(start, min(start + c, s)) for start in range(0, s, c)] for s, c in zip(sizes, chunk_sizes, strict=True)]
    plans: list[list[tuple[int, int]]] = [[]]
    for variable_ranges in ranges:
        plans = [[*plan, r] for plan in plans for r in variable_ranges]
    return plans


class _PxWebClient:
    api = ""
    config = ""  # where the API's config answer is, after its base URL
    limit_keys = ("", "", "")  # that answer's keys of the cells a call, the calls a time window and the window

    def limits(self, spec: SourceSpec, ctx: Context) -> Limits:
        """The API's own limits, as its config answer states them."""
        url = f"{source_base(spec)}{self.config}"
        config = ctx.fetcher.json("GET", url, api="")
        cells, calls, window = self.limit_keys
        try:
            return Limits(int(config[cells]), int(config[calls]), float(config[window]))
        except (KeyError, TypeError, ValueError) as exc:
            raise SourceError(f"{url}: no usable limits in the answer ({exc})") from None

    def count(self, spec: SourceSpec, sel: Selection, ctx: Context) -> int | None:
        """How many codes a selection stands for; None when only the metadata knows."""
        if sel.filter in (None, "item") and not any(v == "*" or "(" in v for v in sel.values):
            return len(sel.values)
        if len(sel.values) == 1 and (m := _TOP.match(sel.values[0])):
            return int(m.group(1))
        if sel.filter == "top" and len(sel.values) == 1 and sel.values[0].isdigit():
            return int(sel.values[0])
        return None

    def dimension_sizes(self, spec: SourceSpec, ctx: Context) -> dict[str, int]:
        raise NotImplementedError

    def request(self, spec: SourceSpec, selection: list[Selection]) -> tuple[str, dict]:
        raise NotImplementedError

    def _resolved(self, spec: SourceSpec, ctx: Context) -> list[Selection]:
        out = []
        for sel in spec.selection:
            values = ctx.expand_areas(list(sel.values)) if sel.code == spec.area_dim else list(sel.values)
            out.append(Selection(sel.code, tuple(values), sel.codelist, sel.filter))
        return out

    def fetch(self, spec: SourceSpec, ctx: Context) -> PxRaw:
        limits = self.limits(spec, ctx)
        ctx.fetcher.set_limit(self.api, limits.max_calls, limits.window)
        selection = self._resolved(spec, ctx)
        counts = [self.count(spec, sel, ctx) for sel in selection]
        if None in counts and math.prod(c or 1 for c in counts) > 1:
            sizes = self.dimension_sizes(spec, ctx)
            counts = [c if c is not None else sizes.get(sel.code, 1) for c, sel in zip(counts, selection, strict=True)]
        explicit = [sel.filter in (None, "item") and not any(v == "*" or "(" in v for v in sel.values) for sel in selection]
        sizes_list = [c or 1 for c in counts]
        try:
            plans = split_selection(sizes_list, explicit, limits.max_cells)
        except SourceError as exc:
            raise SourceError(f"{spec.id}: {exc}") from None
        docs, urls = [], []
        for plan in plans:
            part = [
                Selection(sel.code, sel.values[a:b] if explicit[i] else sel.values, sel.codelist, sel.filter)
                for i, (sel, (a, b)) in enumerate(zip(selection, plan, strict=True))
            ]
            url, body = self.request(spec, part)
            docs.append(ctx.fetcher.json("POST", url, body, api=self.api))
            urls.append(url)
        return PxRaw(tuple(docs), tuple(urls))

    def parse(self, spec: SourceSpec, raw: PxRaw, ctx: Context) -> pd.DataFrame:
        frames = []
        for doc, url in zip(raw.docs, raw.urls, strict=True):
            try:
                frame = px_json_to_frame(doc) if is_px_json(doc) else to_frame(doc)
            except JsonStatError as exc:
                kind = "PxWeb json answer" if is_px_json(doc) else "json-stat2 dataset"
                raise SourceError(f"{spec.id}: {url}: not a usable {kind}: {exc}") from None
            frames.append(self._tidy_frame(spec, frame, url, ctx))
        if not frames:
            raise SourceError(f"{spec.id}: no answers")
        return tidy(pd.concat(frames, ignore_index=True), spec.id, ctx.known)

    def _tidy_frame(self, spec: SourceSpec, frame: pd.DataFrame, url: str, ctx: Context) -> pd.DataFrame:
        dims = [c for c in frame.columns if c not in ("value", "status")]
        for role, dim in (("area", spec.area_dim), ("period", spec.period_dim), ("sex", spec.sex_dim)):
            if dim and dim not in dims:
                raise SourceError(f"{spec.id}: {url}: the answer lacks the {role} dimension {dim!r} (it has {', '.join(dims)})")
        frame = aggregate(spec, frame, dims)
        dims = [c for c in frame.columns if c not in ("value", "status")]
        used = {spec.area_dim, spec.period_dim, spec.sex_dim}
        for dim in dims:
            if dim not in used and frame[dim].nunique() > 1:
                raise SourceError(
                    f"{spec.id}: {url}: dimension {dim!r} has several values ({', '.join(sorted(frame[dim].unique())[:5])}); "
                    "select one value for it in sources.yaml"
                )
        frame = frame[frame["value"].notna()]
        try:
            areas = _map_codes(frame[spec.area_dim], normalise.area_code)
            periods = _map_codes(frame[spec.period_dim], normalise.period)
            sexes = _map_codes(frame[spec.sex_dim], normalise.sex) if spec.sex_dim else spec.sex
        except normalise.NormaliseError as exc:
            raise SourceError(f"{spec.id}: {url}: {exc}") from None
        return pd.DataFrame(
            {
                "indicator_id": spec.indicator,
                "area_code": areas,
                "period": periods,
                "sex": sexes,
                "value": frame["value"] * spec.scale,
                "flag": None,
                "source": spec.source_text or self.default_source(spec),
            }
        )

    def default_source(self, spec: SourceSpec) -> str:
        return f"SCB, {spec.ref}"


def aggregate(spec: SourceSpec, frame: pd.DataFrame, dims: list[str]) -> pd.DataFrame:
    """Add up `sum_over` variables and turn `share_var` into a share in %; a sum with a missing part is missing."""
    summed = [d for d in (*spec.sum_over, spec.share_var) if d]
    if not summed:
        return frame
    for dim in summed:
        if dim not in dims:
            raise SourceError(f"{spec.id}: the answer lacks the dimension {dim!r} to add up (it has {', '.join(dims)})")
    keys = [d for d in dims if d not in summed]

    def total(rows: pd.DataFrame) -> pd.Series:
        grouped = rows.groupby(keys, sort=False)["value"]
        sums = grouped.sum()
        return sums.where(grouped.count() == grouped.size())

    value = total(frame)
    if spec.share_var:
        part = total(frame[frame[spec.share_var].isin(spec.share_part)])
        value = (100 * part / value.where(value != 0)).reindex(value.index)
    out = value.rename("value").reset_index()
    out["status"] = None
    return out


def _map_codes(codes: pd.Series, normalise_code: Callable[[str], str]) -> pd.Series:
    """Normalise each distinct code once (an answer repeats a few hundred codes over many cells)."""
    return codes.map({code: normalise_code(code) for code in codes.unique()})


class ScbV2Client(_PxWebClient):
    """PxWebApi 2.0: POST {base}/tables/{id}/data?lang=sv&outputFormat=json-stat2."""

    api = "scb"
    config = "/config"
    limit_keys = ("maxDataCells", "maxCallsPerTimeWindow", "timeWindow")

    def dimension_sizes(self, spec: SourceSpec, ctx: Context) -> dict[str, int]:
        meta = ctx.fetcher.json("GET", f"{source_base(spec)}/tables/{spec.table}/metadata?lang=sv", api=self.api)
        try:
            return dict(zip(meta["id"], meta["size"], strict=True))
        except (KeyError, TypeError, ValueError):
            raise SourceError(f"{spec.id}: metadata of {spec.table} has no id/size") from None

    def request(self, spec: SourceSpec, selection: list[Selection]) -> tuple[str, dict]:
        body = {
            "selection": [
                {"variableCode": s.code, "valueCodes": list(s.values), **({"codelist": s.codelist} if s.codelist else {})}
                for s in selection
            ]
        }
        return f"{source_base(spec)}/tables/{spec.table}/data?lang=sv&outputFormat=json-stat2", body


class ScbV1Client(_PxWebClient):
    """PxWeb v1: POST {base}/{path} with {"query": [...], "response": {"format": "json-stat2"}}."""

    api = "scb_v1"
    config = "?config"
    limit_keys = ("maxValues", "maxCalls", "timeWindow")

    def dimension_sizes(self, spec: SourceSpec, ctx: Context) -> dict[str, int]:
        meta = ctx.fetcher.json("GET", f"{source_base(spec)}/{spec.path}", api=self.api)
        try:
            return {v["code"]: len(v["values"]) for v in meta["variables"]}
        except (KeyError, TypeError):
            raise SourceError(f"{spec.id}: metadata of {spec.path} has no variables") from None

    def request(self, spec: SourceSpec, selection: list[Selection]) -> tuple[str, dict]:
        query = []
        for s in selection:
            filt = s.filter or ("all" if s.values == ("*",) else "item")
            query.append({"code": s.code, "selection": {"filter": filt, "values": list(s.values)}})
        return f"{source_base(spec)}/{spec.path}", {"query": query, "response": {"format": "json-stat2"}}
