"""json-stat2 reader, normalisation and the source list, on the project's fixtures and the shared reference."""

from __future__ import annotations

import math

import pytest
from fakeapi import response

from etl import normalise
from etl.jsonstat import JsonStatError, to_frame
from etl.paths import DATA_DIR
from etl.sources.spec import SourcesError, load_sources


def test_v2_document_dict_index_status_and_null():
    frame = to_frame(response("scb_v2_TAB6471_folkmangd.json"))
    assert list(frame.columns) == ["Region", "Alder", "Kon", "ContentsCode", "Tid", "value", "status"]
    assert len(frame) == 18
    assert frame.iloc[0][["Region", "Kon", "Tid"]].tolist() == ["01", "TotSa", "2026M01"]
    assert frame.iloc[1]["Tid"] == "2026M02" and frame.iloc[2]["Kon"] == "1"  # last dimension varies fastest
    assert math.isnan(frame.iloc[5]["value"]) and frame.iloc[5]["status"] == ".."
    assert frame["status"].isna().sum() == 17
    assert frame["value"].dtype == float


def test_v1_document_list_index_and_sex_codes():
    frame = to_frame(response("scb_v1_HE0110_medianinkomst.json"))
    assert list(frame.columns) == ["Region", "Kon", "ContentsCode", "Tid", "value", "status"]
    assert frame[(frame.Region == "23") & (frame.Kon == "1+2") & (frame.Tid == "2022")]["value"].tolist() == [265.3]


def test_sparse_values_and_one_status_for_all():
    doc = {
        "class": "dataset",
        "id": ["A", "B"],
        "size": [2, 2],
        "dimension": {
            "A": {"category": {"index": ["x", "y"]}},
            "B": {"category": {"index": {"2": 1, "1": 0}}},
        },
        "value": {"0": 1, "3": 4.5},
        "status": "p",
    }
    frame = to_frame(doc)
    assert frame[["A", "B"]].values.tolist() == [["x", "1"], ["x", "2"], ["y", "1"], ["y", "2"]]
    assert frame["value"].tolist()[0] == 1.0 and math.isnan(frame["value"][1]) and frame["value"][3] == 4.5
    assert set(frame["status"]) == {"p"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["dimension"].pop("Kon"), "'Kon' is listed in 'id' but missing"),
        (lambda d: d.update(value=d["value"][:-1]), "17 entries but the sizes give 18"),
        (lambda d: d.update(size=[3, 1, 2, 1, 2]), "size 2 but 3 categories"),
        (lambda d: d.pop("value"), "no 'value'"),
        (lambda d: d["value"].__setitem__(0, "12"), "not a number"),
    ],
)
def test_broken_documents_are_named(change, message):
    doc = response("scb_v2_TAB6471_folkmangd.json")
    change(doc)
    with pytest.raises(JsonStatError, match=message):
        to_frame(doc)


def test_normalise_codes():
    assert [normalise.area_code(c) for c in ("0023", "0000", "2380", "23", "0114")] == ["23", "00", "2380", "23", "0114"]
    assert [normalise.sex(c) for c in ("1", "2", "1+2", "TotSa", "T", "K", "M")] == ["M", "K", "T", "T", "T", "K", "M"]
    assert [normalise.period(p) for p in ("2026M01", "2023K4", "2016", 2016, "2016-10", "2023Q1")] == [
        "2026-01",
        "2023K4",
        "2016",
        "2016",
        "2016-10",
        "2023K1",
    ]
    assert [normalise.number(v) for v in ("1 234,5", "12,3 %", "..", "-", "", None, 7, "\u2212 2,5")] == [
        1234.5,
        12.3,
        None,
        None,
        None,
        None,
        7.0,
        -2.5,
    ]
    for bad, fn in (("0", normalise.area_code), ("9", normalise.sex), ("2026M13", normalise.period), ("n/a", normalise.number)):
        with pytest.raises(normalise.NormaliseError):
            fn(bad)


def test_the_project_source_list_is_valid():
    specs = load_sources(DATA_DIR / "sources.yaml")
    assert len({s.id for s in specs}) == len(specs)
    assert {s.kind for s in specs} == {"scb_v2", "scb_v1", "kolada", "excel", "publisher", "derived"}
    assert all(s.note for s in specs if not s.verified)
    assert all(s.evidence for s in specs if s.verified and s.kind != "excel")
    by_id = {s.id: s for s in specs}
    # the corrections the public material asks for
    assert by_id["arbetsloshet_20_64_scb"].selection[-2].values == ("000006J1",)  # not 000006IY (participation)
    assert by_id["arbetsloshet_20_64_manad_scb"].table == "TAB6260"
    assert by_id["eftergymnasial_30_34_scb"].share_part == ("5", "6", "7")
    assert by_id["utrikes_fodda_utom_norden_scb"].path.endswith("FolkmRegFlandK")  # FodelselandArK has no Region


def test_a_bad_source_list_lists_every_problem(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text(
        """
sources:
  - {id: a, indicator: x, kind: kolada, kpi: "938", cadence: yearly}
  - {id: b, indicator: x, kind: scb_v2, table: "BE0101", cadence: weekly, selection: {Region: ["23"]}, dimensions: {area: Region, period: Tid}}
  - {id: c, indicator: x, kind: scb_v1, path: A/B, selection: {Tid: ["2020"]}, dimensions: {area: Tid, period: Tid}, verified: false}
  - {id: a, indicator: "*", kind: excel, layout: pts_bredband, file: f.xlsx, cadence: yearly}
""",
        encoding="utf-8",
    )
    with pytest.raises(SourcesError) as info:
        load_sources(path)
    text = str(info.value)
    for expected in (
        "sources[0] (a).kpi: a Kolada KPI id looks like N00938",
        "sources[1] (b).cadence: must be one of",
        "sources[1] (b).table: a PxWebApi 2.0 table id looks like TAB1234",
        "sources[1] (b).dimensions: 'Tid' is not in the selection",
        "sources[2] (c).note: an unverified source needs a note",
        "sources[3] (a).indicator: '*' (indicators named in the file) only fits the template layout",
    ):
        assert expected in text
