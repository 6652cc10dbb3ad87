"""`data/sources.yaml`: where each indicator comes from and how often it is published; validated on load.

Every problem is collected at once and names the file, the path inside it and the reason (like etl.config).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from core.enums import Sex
from core.period import Frequency
from etl.config import ConfigError, Problem

KINDS = ("scb_v2", "scb_v1", "kolada", "excel", "publisher", "derived")
GROUPS = {"scb": ("scb_v2", "scb_v1"), "kolada": ("kolada",), "excel": ("excel",), "publisher": ("publisher",)}
# derived shares are computed in every run, after the sources, from what the run and the database hold
PUBLISHER_READERS = ("tillvaxtverket_gastnatter", "svenskt_naringsliv_statistik")
CADENCES = Frequency.values()
EXCEL_LAYOUTS = ("pts_bredband", "af_varsel", "template", "tva_konkurser")
SEXES = Sex.values()
AREA_TOKENS = ("@riket", "@lan", "@region", "@kommuner", "@alla_kommuner")
_DEFAULT_LAG = {"monthly": 45, "quarterly": 75, "yearly": 270}


class SourcesError(ConfigError):
    """Every problem in sources.yaml, each naming the file, the path inside it and the reason."""


@dataclass(frozen=True)
class Selection:
    """One variable of a PxWeb query: codes or expressions, and a code list (v2) or filter (v1)."""

    code: str
    values: tuple[str, ...]
    codelist: str | None = None
    filter: str | None = None


@dataclass(frozen=True)
class SourceSpec:
    id: str
    indicator: str
    kind: str
    cadence: str
    lag_days: int
    verified: bool = True
    note: str = ""
    evidence: str = ""  # where the ids were confirmed: the public specification or script and the path in it
    source_text: str = ""
    base_url: str = ""  # overrides the API's base URL (e.g. Tillväxtanalys' own PxWeb v1)
    expect_rows: bool = True  # an answer with no rows is a failure
    precedence: int = 0  # of two sources feeding one indicator, the higher wins a shared cell
    # PxWeb (v2: table; v1: path)
    table: str = ""
    path: str = ""
    selection: tuple[Selection, ...] = ()
    area_dim: str = ""
    sex_dim: str = ""  # empty: every row is `sex`
    sex: str = "T"
    period_dim: str = ""
    scale: float = 1.0
    sum_over: tuple[str, ...] = ()  # variables whose selected values are added up (e.g. ages 30–34)
    share_var: str = ""  # the value is 100 × (sum over share_part) / (sum over every value of share_var)
    share_part: tuple[str, ...] = ()
    # Kolada
    kpi: str = ""
    areas: tuple[str, ...] = ()
    years_from: int = 2010
    sexes: tuple[str, ...] = SEXES
    # Excel
    layout: str = ""
    file: str = ""
    options: dict[str, Any] = field(default_factory=dict)
    # Publisher files
    reader: str = ""
    url: str = ""
    # Derived shares: scale × numerator / denominator (indicator ids)
    numerator: str = ""
    denominator: str = ""

    @property
    def group(self) -> str:
        return next((g for g, kinds in GROUPS.items() if self.kind in kinds), self.kind)

    @property
    def ref(self) -> str:
        """What the source is, briefly: table, path, KPI or file."""
        return self.table or self.path or self.kpi or self.file or self.url or f"{self.numerator} / {self.denominator}"


def _str(raw: dict, key: str, where: str, problems: list[tuple[str, str]], required: bool = True) -> str:
    value = raw.get(key)
    if value is None:
        if required:
            problems.append((f"{where}.{key}", "missing"))
        return ""
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        problems.append((f"{where}.{key}", f"must be text, got {value!r}"))
        return ""
    return str(value)


def _selection(raw: Any, where: str, problems: list[tuple[str, str]]) -> tuple[Selection, ...]:
    if not isinstance(raw, dict) or not raw:
        problems.append((where, "must be a mapping of variable code → values"))
        return ()
    out = []
    for code, spec in raw.items():
        codelist = filt = None
        if isinstance(spec, dict):
            values, codelist, filt = spec.get("values"), spec.get("codelist"), spec.get("filter")
        else:
            values = spec
        if isinstance(values, (str, int)):
            values = [values]
        if not isinstance(values, list) or not values:
            problems.append((f"{where}.{code}", "needs a non-empty list of values"))
            continue
        out.append(Selection(str(code), tuple(str(v) for v in values), codelist, filt))
    return tuple(out)


def _parse_spec(raw: Any, where: str, problems: list[tuple[str, str]]) -> SourceSpec | None:
    if not isinstance(raw, dict):
        problems.append((where, "must be a mapping"))
        return None
    before = len(problems)
    spec_id = _str(raw, "id", where, problems)
    if spec_id and not re.fullmatch(r"[a-z][a-z0-9_]*", spec_id):
        problems.append((f"{where}.id", "must be lowercase ascii letters, digits and _"))
    indicator = _str(raw, "indicator", where, problems)
    kind = raw.get("kind")
    if kind not in KINDS:
        problems.append((f"{where}.kind", f"must be one of {', '.join(KINDS)}, got {kind!r}"))
        return None
    cadence = raw.get("cadence")
    if cadence not in CADENCES:
        problems.append((f"{where}.cadence", f"must be one of {', '.join(CADENCES)}, got {cadence!r}"))
        cadence = "yearly"
    lag = raw.get("lag_days", _DEFAULT_LAG[cadence])
    if not isinstance(lag, int) or isinstance(lag, bool) or not 0 <= lag <= 1000:
        problems.append((f"{where}.lag_days", f"must be whole days 0–1000, got {lag!r}"))
        lag = _DEFAULT_LAG[cadence]
    verified = raw.get("verified", True)
    if not isinstance(verified, bool):
        problems.append((f"{where}.verified", f"must be true or false, got {verified!r}"))
    if verified is False and not raw.get("note"):
        problems.append((f"{where}.note", "an unverified source needs a note saying what to check"))
    common: dict[str, Any] = {
        "id": spec_id,
        "indicator": indicator,
        "kind": kind,
        "cadence": cadence,
        "lag_days": lag,
        "verified": verified is True,
        "note": str(raw.get("note") or ""),
        "evidence": str(raw.get("evidence") or ""),
        "source_text": str(raw.get("source_text") or ""),
        "base_url": str(raw.get("base_url") or "").rstrip("/"),
        "expect_rows": raw.get("expect_rows", True) is not False,
        "precedence": raw.get("precedence", 0),
    }
    if not isinstance(common["precedence"], int) or isinstance(common["precedence"], bool):
        problems.append((f"{where}.precedence", f"must be a whole number, got {common['precedence']!r}"))
        common["precedence"] = 0
    if kind != "excel" and verified is True and not common["evidence"]:
        problems.append(
            (f"{where}.evidence", "say where the ids were confirmed (public specification or script, and the path in it)")
        )
    if kind in ("scb_v2", "scb_v1"):
        if kind == "scb_v2":
            common["table"] = _str(raw, "table", where, problems)
            if common["table"] and not re.fullmatch(r"TAB\d+", common["table"]):
                problems.append((f"{where}.table", f"a PxWebApi 2.0 table id looks like TAB1234, got {common['table']!r}"))
        else:
            common["path"] = _str(raw, "path", where, problems).strip("/")
        common["selection"] = _selection(raw.get("selection"), f"{where}.selection", problems)
        dims = raw.get("dimensions")
        if not isinstance(dims, dict):
            problems.append((f"{where}.dimensions", "must map area, period (and sex) to variable codes"))
            dims = {}
        common["area_dim"] = _str(dims, "area", f"{where}.dimensions", problems)
        common["period_dim"] = _str(dims, "period", f"{where}.dimensions", problems)
        common["sex_dim"] = _str(dims, "sex", f"{where}.dimensions", problems, required=False)
        sex = raw.get("sex", "T")
        if sex not in SEXES:
            problems.append((f"{where}.sex", f"must be T, K or M, got {sex!r}"))
        common["sex"] = sex
        scale = raw.get("scale", 1)
        if not isinstance(scale, (int, float)) or isinstance(scale, bool):
            problems.append((f"{where}.scale", f"must be a number, got {scale!r}"))
            scale = 1
        common["scale"] = float(scale)
        codes = {s.code for s in common["selection"]}
        for dim in (common["area_dim"], common["period_dim"], common["sex_dim"]):
            if dim and codes and dim not in codes:
                problems.append((f"{where}.dimensions", f"{dim!r} is not in the selection"))
        sum_over = raw.get("sum_over", [])
        if not isinstance(sum_over, list) or not all(isinstance(v, str) and v in codes for v in sum_over):
            problems.append((f"{where}.sum_over", f"must list variables of the selection, got {sum_over!r}"))
            sum_over = []
        common["sum_over"] = tuple(sum_over)
        share = raw.get("share")
        if share is not None:
            part = share.get("part") if isinstance(share, dict) else None
            if not isinstance(share, dict) or share.get("variable") not in codes or not isinstance(part, list) or not part:
                problems.append((f"{where}.share", "must be {variable: a variable of the selection, part: [codes]}"))
            else:
                common["share_var"], common["share_part"] = str(share["variable"]), tuple(str(v) for v in part)
    elif kind == "kolada":
        common["kpi"] = _str(raw, "kpi", where, problems)
        if common["kpi"] and not re.fullmatch(r"[A-Z]\d{5}", common["kpi"]):
            problems.append((f"{where}.kpi", f"a Kolada KPI id looks like N00938, got {common['kpi']!r}"))
        areas = raw.get("areas", ["@riket", "@lan", "@kommuner"])
        if not isinstance(areas, list) or not all(
            isinstance(a, str) and (a in AREA_TOKENS or re.fullmatch(r"\d{2}|\d{4}", a)) for a in areas
        ):
            problems.append((f"{where}.areas", f"must list area codes (as text) or {', '.join(AREA_TOKENS)}"))
            areas = []
        common["areas"] = tuple(areas)
        years_from = raw.get("years_from", 2010)
        if not isinstance(years_from, int) or not 1990 <= years_from <= dt.date.today().year:
            problems.append((f"{where}.years_from", f"must be a year, got {years_from!r}"))
            years_from = 2010
        common["years_from"] = years_from
        sexes = raw.get("sexes", list(SEXES))
        if not isinstance(sexes, list) or not set(sexes) <= set(SEXES) or not sexes:
            problems.append((f"{where}.sexes", f"must be a list of T, K, M, got {sexes!r}"))
            sexes = list(SEXES)
        common["sexes"] = tuple(sexes)
    elif kind == "derived":
        common["numerator"] = _str(raw, "numerator", where, problems)
        common["denominator"] = _str(raw, "denominator", where, problems)
        scale = raw.get("scale", 100)
        if not isinstance(scale, (int, float)) or isinstance(scale, bool):
            problems.append((f"{where}.scale", f"must be a number, got {scale!r}"))
            scale = 100
        common["scale"] = float(scale)
    elif kind == "publisher":
        reader = raw.get("reader")
        if reader not in PUBLISHER_READERS:
            problems.append((f"{where}.reader", f"must be one of {', '.join(PUBLISHER_READERS)}, got {reader!r}"))
        common["reader"] = str(reader)
        common["url"] = _str(raw, "url", where, problems)
        if common["url"] and not re.match(r"https?://", common["url"]):
            problems.append((f"{where}.url", f"must be an http(s) address, got {common['url']!r}"))
        options = raw.get("options", {})
        common["options"] = options if isinstance(options, dict) else {}
    else:
        layout = raw.get("layout")
        if layout not in EXCEL_LAYOUTS:
            problems.append((f"{where}.layout", f"must be one of {', '.join(EXCEL_LAYOUTS)}, got {layout!r}"))
        common["layout"] = str(layout)
        common["file"] = _str(raw, "file", where, problems)
        options = raw.get("options", {})
        if not isinstance(options, dict):
            problems.append((f"{where}.options", "must be a mapping"))
            options = {}
        common["options"] = options
    if indicator == "*" and common.get("layout") != "template":
        problems.append((f"{where}.indicator", "'*' (indicators named in the file) only fits the template layout"))
    if len(problems) > before:
        return None
    return SourceSpec(**common)


def rivals(specs: list[SourceSpec]) -> dict[str, list[SourceSpec]]:
    """Indicator → the sources feeding it, highest precedence first (only indicators with two or more)."""
    by_indicator: dict[str, list[SourceSpec]] = defaultdict(list)
    for spec in specs:
        if spec.indicator != "*":
            by_indicator[spec.indicator].append(spec)
    return {ind: sorted(group, key=lambda s: -s.precedence) for ind, group in by_indicator.items() if len(group) > 1}


def precedence_problems(specs: list[SourceSpec]) -> list[tuple[str, str]]:
    """(where, reason) for every indicator whose sources do not each have their own precedence."""
    problems = []
    for indicator, group in rivals(specs).items():
        levels = [s.precedence for s in group]
        if len(set(levels)) != len(levels):
            names = ", ".join(f"{s.id} ({s.precedence})" for s in group)
            problems.append(
                (f"indicator {indicator}", f"fed by {names}: give each a different precedence (higher wins a shared cell)")
            )
    return problems


def load_sources(path: Path, root: Path | None = None) -> list[SourceSpec]:
    """Read and check the source list; raise SourcesError listing every problem."""
    try:
        name = str(path.relative_to(root)) if root else str(path)
    except ValueError:
        name = str(path)
    problems: list[tuple[str, str]] = []
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SourcesError([Problem(name, "-", "file not found")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "-"
        raise SourcesError([Problem(name, where, f"not valid YAML: {getattr(exc, 'problem', exc)}")]) from None
    entries = doc.get("sources") if isinstance(doc, dict) else None
    if not isinstance(entries, list) or not entries:
        raise SourcesError([Problem(name, "sources", "missing or empty list of sources")])
    specs = []
    seen: set[str] = set()
    for index, raw in enumerate(entries):
        where = f"sources[{index}]" + (f" ({raw.get('id')})" if isinstance(raw, dict) and raw.get("id") else "")
        spec = _parse_spec(raw, where, problems)
        if spec is None:
            continue
        if spec.id in seen:
            problems.append((f"{where}.id", f"id {spec.id!r} is used twice"))
        seen.add(spec.id)
        specs.append(spec)
    problems += precedence_problems(specs)
    if problems:
        raise SourcesError([Problem(name, where, reason) for where, reason in problems])
    return specs
