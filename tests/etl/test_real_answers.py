"""The parsers on SCB's real answers (tests/fixtures/etl/responses/real/, see its README for sources)."""

from __future__ import annotations

import json
import math
from dataclasses import replace

import pytest
from fakeapi import RESPONSES, offline_context, source_spec

from etl.jsonstat import JsonStatError, to_frame
from etl.pxjson import px_json_to_frame
from etl.sources.base import SourceError
from etl.sources.pxweb import PxRaw, ScbV1Client, ScbV2Client
from etl.sources.spec import Selection

REAL = RESPONSES / "real"


def real(name: str) -> dict:
    return json.loads((REAL / name).read_text(encoding="utf-8"))


def test_v1_json_stat2_median_income():
    v1 = to_frame(real("v1_HE0110_median_income_json-stat2.json"))
    assert v1[(v1.Kon == "2") & (v1.Tid == "2021")]["value"].tolist() == [263.0]
    assert v1[(v1.Kon == "1+2") & (v1.Tid == "2022")]["value"].tolist() == [316.6]


def test_v2_json_stat2_population_per_month():
    v2 = to_frame(real("v2_TAB6471_data_json-stat2.json"))
    assert len(v2) == 21 * 11 * 3 * 4
    row = v2[(v2.Region == "23") & (v2.Alder == "0-9") & (v2.Kon == "2") & (v2.Tid == "2026M04")]
    assert row["value"].tolist() == [5998.0]


def test_v2_tab638_one_cell_with_notes():
    frame = to_frame(real("v2_TAB638_data_json-stat2.json"))
    assert frame[["Region", "Civilstand", "Kon", "ContentsCode", "Tid"]].iloc[0].tolist() == ["00", "OG", "1", "BE0101N1", "2024"]


def test_metadata_is_not_data():
    """A metadata answer carries `value: []`: read as data, it is refused with the reason."""
    with pytest.raises(JsonStatError, match="'value' has 0 entries but the sizes give 2006784 cells"):
        to_frame(real("v2_TAB6471_metadata.json"))


def test_v1_plain_json_riket_population():
    frame = px_json_to_frame(real("v1_BefolkningNy_riket_2010-2012.json"))
    assert list(frame.columns) == ["Tid", "ContentsCode", "value", "status"]
    n1 = frame[frame.ContentsCode == "BE0101N1"].set_index("Tid")["value"]
    assert n1.to_dict() == {"2010": 9415570.0, "2011": 9482855.0, "2012": 9555893.0}
    assert frame[(frame.ContentsCode == "BE0101N2") & (frame.Tid == "2011")]["value"].tolist() == [67285.0]


def test_v1_plain_json_by_civil_status():
    frame = px_json_to_frame(real("v1_BefolkningNy_civilstand_2015-2017.json"))
    assert list(frame.columns) == ["Civilstand", "Tid", "ContentsCode", "value", "status"]
    assert frame[(frame.Civilstand == "G") & (frame.Tid == "2016")]["value"].tolist() == [3329589.0]
    assert frame["Civilstand"].nunique() == len(frame) // 3


def test_v1_plain_json_missing_symbol_and_bad_text():
    doc = real("v1_BefolkningNy_riket_2010-2012.json")
    doc["data"][0]["values"][0] = ".."
    frame = px_json_to_frame(doc)
    assert math.isnan(frame.iloc[0]["value"]) and frame.iloc[0]["status"] == ".."
    doc["data"][1]["values"] = ["12 x"]
    with pytest.raises(JsonStatError, match=r"data\[1\]\.values must hold 2 values"):
        px_json_to_frame(doc)


def test_the_v1_client_reads_a_plain_json_answer():
    spec = source_spec(
        "folkmangd_v1",
        "folkmangd",
        "scb_v1",
        path="BE/BE0101/BE0101A/BefolkningNy",
        selection=(Selection("ContentsCode", ("BE0101N1",)), Selection("Tid", ("2010", "2011", "2012"))),
        area_dim="",
        period_dim="Tid",
    )
    doc = real("v1_BefolkningNy_riket_2010-2012.json")
    doc["columns"] = [c for c in doc["columns"] if c["code"] != "BE0101N2"]
    for entry in doc["data"]:
        entry["key"] = ["00", *entry["key"]]
        entry["values"] = entry["values"][:1]
    doc["columns"].insert(0, {"code": "Region", "text": "region", "type": "d"})
    spec = replace(spec, area_dim="Region")
    frame = ScbV1Client().parse(spec, PxRaw((doc,), ("u",)), offline_context({"folkmangd"}, [("00", "riket", "Riket")]))
    assert frame.set_index("period")["value"].to_dict() == {"2010": 9415570.0, "2011": 9482855.0, "2012": 9555893.0}


def test_levels_are_added_up_into_a_share():
    """Post-secondary share = levels 5+6+7 of every level, ages added up first; a missing part leaves no value."""
    doc = {
        "class": "dataset",
        "id": ["Region", "Alder", "UtbildningsNiva", "Tid"],
        "size": [2, 2, 3, 1],
        "dimension": {
            "Region": {"category": {"index": ["00", "23"]}},
            "Alder": {"category": {"index": ["30", "31"]}},
            "UtbildningsNiva": {"category": {"index": ["3", "5", "6"]}},
            "Tid": {"category": {"index": ["2023"]}},
        },
        "value": [50, 30, 20, 40, 40, 20, 6, 3, 1, 5, None, 5],
    }
    spec = source_spec(
        "e",
        "eftergymnasial_30_34",
        "scb_v2",
        table="TAB1",
        selection=tuple(Selection(d, ("x",)) for d in doc["id"]),
        area_dim="Region",
        period_dim="Tid",
        sum_over=("Alder",),
        share_var="UtbildningsNiva",
        share_part=("5", "6"),
    )
    ctx = offline_context({"eftergymnasial_30_34"}, [("00", "riket", "Riket"), ("23", "lan", "Jämtlands län")])
    frame = ScbV2Client().parse(spec, PxRaw((doc,), ("u",)), ctx)
    assert frame.set_index("area_code")["value"].to_dict() == {"00": 55.0}  # (30+20+40+20)/(100+100)
    with pytest.raises(SourceError, match="lacks the dimension 'Kon' to add up"):
        ScbV2Client().parse(replace(spec, sum_over=("Kon",)), PxRaw((doc,), ("u",)), ctx)
