"""The ETL's parsers on generated input (hypothesis): json-stat2 documents, Kolada pages and Excel cells.

Each gives either a correct result or its own clear error type (JsonStatError, SourceError, ExcelError,
NormaliseError) — never another exception.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from xml.sax.saxutils import escape

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from etl import normalise
from etl.areas import read_areas
from etl.cache import ResponseCache
from etl.jsonstat import JsonStatError, to_frame
from etl.observations import Known
from etl.paths import DATA_DIR
from etl.sources.base import Context, Fetcher, SourceError
from etl.sources.excel import TEMPLATE_HEADER, TEMPLATE_SHEET, ExcelError, read_template
from etl.sources.kolada import KoladaClient, KoladaRaw
from tests.etl.fakeapi import source_spec
from tests.etl.xlsx import Raw, write_xlsx

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
json_scalars = st.one_of(st.none(), st.booleans(), st.integers(-(10**6), 10**6), st.floats(allow_nan=False), st.text(max_size=8))
json_values = st.recursive(
    json_scalars, lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=6), c, max_size=4), max_leaves=12
)


@st.composite
def jsonstat_docs(draw) -> tuple[dict, list[str], list[list[str]], list[float | None]]:
    """A valid json-stat2 dataset, with its dimension ids, codes and dense values for checking."""
    ids = draw(st.lists(st.sampled_from(["Region", "Kon", "Tid", "ContentsCode", "Alder"]), min_size=1, max_size=4, unique=True))
    codes = [draw(st.lists(st.from_regex(r"[0-9A-Z+]{1,5}", fullmatch=True), min_size=1, max_size=4, unique=True)) for _ in ids]
    n = math.prod(len(c) for c in codes)
    values = draw(st.lists(st.one_of(st.none(), st.floats(-1e9, 1e9), st.integers(-1000, 1000)), min_size=n, max_size=n))
    dims = {}
    for dim, dim_codes in zip(ids, codes, strict=True):
        index = dim_codes if draw(st.booleans()) else {c: i for i, c in enumerate(dim_codes)}
        dims[dim] = {"category": {"index": index}}
    sparse = draw(st.booleans())
    value = {str(i): v for i, v in enumerate(values) if v is not None} if sparse else values
    doc = {"class": "dataset", "id": ids, "size": [len(c) for c in codes], "dimension": dims, "value": value}
    return doc, ids, codes, values


@FAST
@given(jsonstat_docs())
def test_jsonstat_valid_documents_give_one_row_a_cell(case) -> None:
    doc, ids, codes, values = case
    frame = to_frame(doc)
    assert list(frame.columns) == [*ids, "value", "status"]
    assert len(frame) == len(values)
    for dim, dim_codes in zip(ids, codes, strict=True):
        assert set(frame[dim]) == set(dim_codes)
    got = [None if math.isnan(v) else v for v in frame["value"]]
    assert got == [None if v is None else float(v) for v in values]
    if len(ids) > 1:  # the last dimension varies fastest
        assert list(frame[ids[-1]][: len(codes[-1])]) == codes[-1]


@FAST
@given(jsonstat_docs(), st.sampled_from(["id", "size", "dimension", "value", "status", "class"]), json_values)
def test_jsonstat_malformed_documents_give_jsonstat_error(case, key: str, junk) -> None:
    doc = case[0] | {key: junk}
    try:
        frame = to_frame(doc)
    except JsonStatError as exc:
        assert str(exc)
    else:
        assert isinstance(frame, pd.DataFrame) and {"value", "status"} <= set(frame.columns)


@FAST
@given(json_values)
def test_jsonstat_any_json_gives_frame_or_jsonstat_error(junk) -> None:
    try:
        to_frame(junk)
    except JsonStatError as exc:
        assert str(exc)


@pytest.fixture(scope="module")
def ctx(tmp_path_factory: pytest.TempPathFactory) -> Context:
    areas = read_areas(DATA_DIR / "areas.csv")
    known = Known(frozenset({"sjukpenningtal"}), frozenset(areas["area_code"]), {"sjukpenningtal": "yearly"})
    cache = ResponseCache(tmp_path_factory.mktemp("cache"))
    return Context(Fetcher(None, cache, offline=True), areas, known)


KOLADA = source_spec("t_kolada", "sjukpenningtal", "kolada", kpi="N00938")
gender_items = st.fixed_dictionaries(
    {"gender": st.sampled_from(["T", "K", "M", "X"]), "value": st.one_of(st.none(), st.floats(0, 100), st.text(max_size=4))},
    optional={"isdeleted": st.booleans(), "status": st.text(max_size=3)},
)
entries = st.one_of(
    st.fixed_dictionaries(
        {
            "kpi": st.sampled_from(["N00938", "N00000"]),
            "municipality": st.sampled_from(["0023", "0000", "2380", "9999", "x", ""]),
            "period": st.one_of(st.integers(1990, 2030), st.sampled_from(["2016", "2016M01", "16", ""])),
            "values": st.lists(gender_items, max_size=3),
        }
    ),
    json_values,
)


@FAST
@given(st.lists(st.fixed_dictionaries({"values": st.lists(entries, max_size=4)}), min_size=1, max_size=3))
def test_kolada_pages_give_rows_or_source_error(ctx: Context, pages: list[dict]) -> None:
    raw = KoladaRaw(tuple(pages), tuple(f"https://kolada.test/page{i}" for i in range(len(pages))))
    try:
        frame = KoladaClient().parse(KOLADA, raw, ctx)
    except SourceError as exc:
        assert "t_kolada" in str(exc)
    else:
        assert set(frame["indicator_id"]) <= {"sjukpenningtal"}
        assert set(frame["sex"]) <= {"T", "K", "M"}
        assert frame["value"].map(math.isfinite).all()


cell_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**9), 10**9),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["1 234,5", "12,5 %", "..", "-", "–", "x", "1\u00a0000", "\u22125,2", "3.14", "1,2,3"]),
    st.datetimes(dt.datetime(1990, 1, 1), dt.datetime(2030, 1, 1)),
)


@settings(max_examples=200, deadline=None)
@given(cell_values)
def test_excel_number_cells(value) -> None:
    try:
        number = normalise.number(value)
    except normalise.NormaliseError as exc:
        assert repr(value) in str(exc) or str(value) in str(exc)
    else:
        assert number is None or isinstance(number, float)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10**7), st.integers(0, 99))
def test_excel_swedish_numbers_are_read_exactly(whole: int, hundredths: int) -> None:
    grouped = f"{whole:,}".replace(",", "\u2009")
    assert normalise.number(f"{grouped},{hundredths:02d}") == pytest.approx(whole + hundredths / 100)


@FAST
@given(st.lists(st.tuples(cell_values, cell_values, cell_values, cell_values, cell_values), min_size=1, max_size=4))
def test_excel_template_cells_give_rows_or_excel_error(ctx: Context, tmp_path_factory, rows) -> None:
    path = Path(tmp_path_factory.mktemp("xlsx")) / "filled.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = TEMPLATE_SHEET
    ws.append(TEMPLATE_HEADER)
    for indicator, area, period, sex, value in rows:
        ws.append([_excel(indicator), _excel(area), _excel(period), _excel(sex), _excel(value), None, "Källa"])
    wb.save(path)
    try:
        frame = read_template(path, ctx)
    except ExcelError as exc:
        assert "filled.xlsx" in str(exc) and "row" in str(exc)
    else:
        assert frame["value"].map(lambda v: isinstance(v, float)).all()


def _excel(value):
    """What openpyxl can store: text without control characters, finite numbers, dates."""
    if isinstance(value, str):
        return "".join(ch for ch in value if ch.isprintable()) or None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


xml_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12)
cell_xml = st.builds(
    lambda kind, text, formula, style: Raw(
        '<c r="{ref}"'
        + (f' t="{kind}"' if kind else "")
        + (f' s="{style}"' if style is not None else "")
        + ">"
        + (f"<f>{escape(formula)}</f>" if formula is not None else "")
        + (f"<is><t>{escape(text or '')}</t></is>" if kind == "inlineStr" else "" if text is None else f"<v>{escape(text)}</v>")
        + "</c>"
    ),
    st.sampled_from([None, "n", "s", "d", "b", "str", "e", "inlineStr"]),
    st.one_of(st.none(), xml_text, st.sampled_from(["NaN", "inf", "-1", "999", "1E999", "2016-13-45", "42430", "1.5"])),
    st.one_of(st.none(), st.sampled_from(["A1+1", "SUM(E2:E3)", ""])),
    st.one_of(st.none(), st.integers(0, 3)),
)


good_periods = st.sampled_from([Raw('<c r="{ref}" t="s"><v>4</v></c>'), 2016, "2017"])
good_values = st.floats(-1e9, 1e9, allow_nan=False) | st.integers(-(10**9), 10**9)


@FAST
@given(st.lists(st.tuples(good_periods | cell_xml, good_values | cell_xml), min_size=1, max_size=3))
def test_excel_cell_xml_gives_rows_or_excel_error(ctx: Context, tmp_path_factory, cells) -> None:
    """Any cell XML in the period or value column, in Excel's shape (shared strings, date styles, formulas)."""
    path = Path(tmp_path_factory.mktemp("xlsx")) / "crafted.xlsx"
    rows = [["sjukpenningtal", "23", period, "T", value, None, "Källa"] for period, value in cells]
    write_xlsx(path, [TEMPLATE_HEADER, *rows], strings=["sjukpenningtal", "23", "T", "Källa", "2016"])
    try:
        frame = read_template(path, ctx)
    except ExcelError as exc:
        assert all(p.file == "crafted.xlsx" and p.sheet == TEMPLATE_SHEET and p.row >= 1 for p in exc.problems)
        assert "crafted.xlsx, sheet 'Data', row " in str(exc)
    else:
        assert frame["value"].map(math.isfinite).all()
        assert frame["period"].str.fullmatch(r"\d{4}").all()  # sjukpenningtal is yearly
