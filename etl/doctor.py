"""`python -m etl doctor`: ask each source's own metadata whether its ids still hold, one line per source.

- PxWebApi 2.0: `GET {base}/tables/{id}/metadata` (with the selection's code lists): the table exists, every
  selected variable and code is in it, every variable that cannot be eliminated is selected.
- PxWeb v1: `GET {base}/{path}` (the table's variables): the same checks.
- Kolada v3: `GET {base}/kpi/{id}` (the KPI exists, its title) and riket's values of the last years (a wrong
  id answers with empty values, not an error).
- Publisher files: the first bytes of the file (not moved, not gone, the header the reader needs).
- Excel: the file is in place. Derived shares: both parts are indicators of the catalogue.

Offline it asks nothing and says so; the spec itself was checked when sources.yaml was loaded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import requests

from etl.areas import read_areas
from etl.cache import ResponseCache, cache_dir
from etl.config import load_config
from etl.http import HttpSettings, make_session, source_base
from etl.observations import known_for
from etl.sources.base import Context, Fetcher, SkipSource, SourceError
from etl.sources.excel import resolve_file
from etl.sources.kolada import kolada_area
from etl.sources.publishers import READERS
from etl.sources.spec import SourceSpec, load_sources

SHOW_CODES = 12
FIRST_BYTES = 4096


@dataclass(frozen=True)
class Finding:
    source: str
    status: str  # ok, problem, skipped
    message: str

    def line(self, width: int = 32) -> str:
        return f"{self.source:<{width}} {self.status:<8} {self.message}"


class Problem(Exception):
    """What is wrong with a source, in one sentence."""


def _codes(codes: list[str]) -> str:
    more = f" … ({len(codes)} in all)" if len(codes) > SHOW_CODES else ""
    return ", ".join(codes[:SHOW_CODES]) + more


def _is_expression(value: str) -> bool:
    return value == "*" or "(" in value or value.startswith("@")


def check_variables(spec: SourceSpec, variables: dict[str, tuple[list[str], bool]], ctx: Context, where: str) -> str:
    """Compare the selection with the table's variables (code → (codes, can be eliminated)); raise Problem."""
    problems = []
    selected = {sel.code: sel for sel in spec.selection}
    for code, sel in selected.items():
        if code not in variables:
            problems.append(f"the table has no variable {code!r} (it has {', '.join(variables)})")
            continue
        if sel.filter not in (None, "item"):
            continue
        wanted = ctx.expand_areas(list(sel.values)) if code == spec.area_dim else list(sel.values)
        unknown = [v for v in wanted if not _is_expression(v) and v not in variables[code][0]]
        if unknown:
            problems.append(f"unknown code {', '.join(unknown)} for {code}; the table has {_codes(variables[code][0])}")
    for code, (codes, can_eliminate) in variables.items():
        if code not in selected and not can_eliminate:
            problems.append(f"variable {code!r} must be selected (the table cannot total it); its codes: {_codes(codes)}")
    if problems:
        raise Problem(f"{where}: " + "; ".join(problems))
    return f"{where}: {len(selected)} variables and their codes found"


def _get(ctx: Context, url: str, **kwargs: Any) -> requests.Response:
    return ctx.fetcher.send("GET", url, **kwargs)


def check_scb_v2(spec: SourceSpec, ctx: Context) -> str:
    lists = "".join(f"&codelist[{quote(s.code)}]={quote(s.codelist)}" for s in spec.selection if s.codelist)
    url = f"{source_base(spec)}/tables/{spec.table}/metadata?lang=sv{lists}"
    response = _get(ctx, url)
    if response.status_code == 404:
        raise Problem(f"unknown table {spec.table} (HTTP 404 at {url})")
    meta = _json(response, url)
    try:
        variables = {
            dim: (
                list(_index(meta["dimension"][dim]["category"]["index"])),
                meta["dimension"][dim].get("extension", {}).get("elimination") is True,
            )
            for dim in meta["id"]
        }
    except (KeyError, TypeError, AttributeError):
        raise Problem(f"{url}: the answer is not json-stat2 metadata (no id/dimension)") from None
    return check_variables(spec, variables, ctx, f"{spec.table} ({meta.get('label', '')})")


def _index(index: Any) -> list[str]:
    return list(index) if isinstance(index, list) else sorted(index, key=index.get)


def check_scb_v1(spec: SourceSpec, ctx: Context) -> str:
    url = f"{source_base(spec)}/{spec.path}"
    response = _get(ctx, url)
    if response.status_code in (400, 404):
        raise Problem(f"unknown table {spec.path} (HTTP {response.status_code} at {url})")
    meta = _json(response, url)
    try:
        variables = {v["code"]: ([str(c) for c in v["values"]], v.get("elimination") is True) for v in meta["variables"]}
    except (KeyError, TypeError):
        raise Problem(f"{url}: the answer lists no table variables (is {spec.path} a folder?)") from None
    return check_variables(spec, variables, ctx, f"{spec.path} ({meta.get('title', '')})")


def check_kolada(spec: SourceSpec, ctx: Context) -> str:
    base = source_base(spec)
    url = f"{base}/kpi/{spec.kpi}"
    response = _get(ctx, url)
    doc = _json(response, url) if response.status_code != 404 else {}
    found = [v for v in doc.get("values", []) if isinstance(v, dict) and v.get("id") == spec.kpi]
    if not found:
        raise Problem(f"unknown KPI {spec.kpi} (no such id at {url})")
    title = found[0].get("title", "")
    year = dt.date.today().year
    years = ",".join(str(y) for y in range(year - 5, year + 1))
    data_url = f"{base}/data/kpi/{spec.kpi}/municipality/{kolada_area('00')}/year/{years}"
    values = _json(_get(ctx, data_url), data_url).get("values")
    if not values:
        raise Problem(f"{spec.kpi} ({title}): empty answer, no values for riket {year - 5}–{year} at {data_url}")
    return f"{spec.kpi}: {title}"


def check_publisher(spec: SourceSpec, ctx: Context) -> str:
    reader = READERS[spec.reader]
    response = _get(ctx, spec.url, allow_redirects=False, stream=True, headers={"Range": f"bytes=0-{FIRST_BYTES - 1}"})
    try:
        if response.is_redirect:
            raise Problem(
                f"moved: {spec.url} answers HTTP {response.status_code}, now at {response.headers.get('Location', '?')}"
            )
        if response.status_code >= 400:
            raise Problem(f"gone or moved: {spec.url} answers HTTP {response.status_code} {response.reason}")
        first = next(response.iter_content(FIRST_BYTES), b"")
    finally:
        response.close()
    if reader.encoding is None:
        if not first.startswith(b"PK\x03\x04"):
            raise Problem(f"{spec.url}: not an xlsx workbook (starts {first[:20]!r})")
        return f"{spec.url}: reachable, an xlsx workbook"
    head = first.decode(reader.encoding, errors="replace")
    header = head.splitlines()[0].split("\t") if head else []
    missing = [c for c in reader.columns if c not in header]
    if missing:
        raise Problem(f"{spec.url}: the header lacks {', '.join(missing)} (it starts {', '.join(header[:8]) or 'empty'})")
    return f"{spec.url}: reachable, header has the {len(reader.columns)} columns the reader needs"


def check_excel(spec: SourceSpec, ctx: Context) -> str:
    path = resolve_file(spec)
    if not path.exists():
        raise SkipSource(f"no file at {path} (put the {spec.layout} workbook there to load it)")
    return f"{path}: in place"


def _json(response: requests.Response, url: str) -> Any:
    if response.status_code >= 400:
        raise Problem(f"{url}: HTTP {response.status_code} {response.reason}: {' '.join(response.text[:200].split())}")
    try:
        return response.json()
    except ValueError:
        raise Problem(f"{url}: the answer is not JSON (starts {response.text[:60]!r})") from None


def check_derived(spec: SourceSpec, ctx: Context) -> str:
    missing = [i for i in (spec.numerator, spec.denominator) if i not in ctx.known.indicators]
    if missing:
        raise Problem(f"{', '.join(missing)} not in indicators.yaml: both parts must be indicators of their own")
    return f"computed as {spec.scale:g} × {spec.numerator} / {spec.denominator}"


CHECKS = {
    "derived": check_derived,
    "scb_v2": check_scb_v2,
    "scb_v1": check_scb_v1,
    "kolada": check_kolada,
    "publisher": check_publisher,
    "excel": check_excel,
}


def diagnose(specs: list[SourceSpec], ctx: Context) -> list[Finding]:
    """One finding per source: ok, problem (what is wrong) or skipped (why not asked)."""
    findings = []
    for spec in specs:
        ctx.fetcher.start_source()
        if ctx.fetcher.offline and spec.kind not in ("excel", "derived"):
            findings.append(Finding(spec.id, "skipped", f"offline: {spec.ref} not asked (the spec itself is valid)"))
            continue
        try:
            status, message = "ok", CHECKS[spec.kind](spec, ctx)
            if not spec.verified:
                message += " (marked verified: false; once confirmed, set verified: true)"
        except Problem as exc:
            status, message = "problem", str(exc)
        except SkipSource as exc:
            status, message = "skipped", str(exc)
        except SourceError as exc:
            status, message = "problem", str(exc)
        findings.append(Finding(spec.id, status, message))
    return findings


def doctor(
    data_dir: Path,
    *,
    sources_path: Path | None = None,
    region: str = "23",
    offline: bool = False,
    http: HttpSettings | None = None,
) -> list[Finding]:
    """Check every source in sources.yaml (verified or not) against its publisher's metadata."""
    config = load_config(data_dir)
    areas = read_areas(data_dir / "areas.csv")
    known = known_for(config, areas)
    specs = load_sources(sources_path or data_dir / "sources.yaml", root=data_dir.parent)
    session = None if offline else make_session(http)
    fetcher = Fetcher(session, ResponseCache(cache_dir()), offline=offline, settings=http)
    try:
        return diagnose(specs, Context(fetcher=fetcher, areas=areas, known=known, region=region))
    finally:
        if session is not None:
            session.close()
