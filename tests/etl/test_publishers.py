"""Readers of the publishers' own files, on files in their published layout (tests/fixtures/etl/publishers)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from fakeapi import offline_context, source_spec

from etl.sources import client_for
from etl.sources.base import SourceError
from etl.sources.publishers import READERS, PublisherClient

AREAS = [
    ("00", "riket", "Riket"),
    ("23", "lan", "Jämtlands län"),
    ("2380", "kommun", "Östersund"),
]  # riket, a län and one of its kommuner
FILES = Path(__file__).resolve().parents[1] / "fixtures" / "etl" / "publishers"
SPEC = source_spec(
    "gastnatter_tillvaxtverket",
    "gastnatter_kommersiella",
    "publisher",
    reader="tillvaxtverket_gastnatter",
    url="https://example.invalid/GuestNights_Capacity_Revenue_Year.txt",
)


def _ctx():
    return offline_context({SPEC.indicator}, AREAS)


def _text() -> str:
    return (FILES / "tillvaxtverket_GuestNights_Year.txt").read_bytes().decode(READERS[SPEC.reader].encoding)


def test_guest_nights_added_up_per_area_and_year():
    frame = PublisherClient().parse(SPEC, _text(), _ctx())
    values = {(r.area_code, r.period): r.value for r in frame.itertuples()}
    assert values == {("00", "2023"): 45_000_000.0, ("23", "2023"): 2_400_000.0, ("23", "2024"): 2_550_000.0}
    # kommun 2380 has a missing type in 2023: no sum rather than a sum too small
    assert set(frame["sex"]) == {"T"} and frame["source"].iloc[0] == "Tillväxtverket, Inkvarteringsstatistik"


def test_guest_nights_of_chosen_types_only():
    spec = replace(SPEC, options={"types": ["Hotell"]})
    frame = PublisherClient().parse(spec, _text(), _ctx())
    assert frame.set_index(["area_code", "period"])["value"].to_dict()[("2380", "2023")] == 600_000.0


def test_a_file_in_another_layout_is_named():
    with pytest.raises(SourceError, match=r"the header lacks LAN_KOD, .*ANTAL_GASTNATTER \(it has AR, NIVA_NAMN\)"):
        PublisherClient().parse(SPEC, "AR\tNIVA_NAMN\n2023\tRiket\n", _ctx())
    bad = _text().replace("Kommun", "Region")
    with pytest.raises(SourceError, match=r"line 6, NIVA_NAMN: 'Region' is not Riket"):
        PublisherClient().parse(SPEC, bad, _ctx())


KONKURSER = source_spec(
    "konkurser_tva",
    "konkurser_manad",
    "excel",
    cadence="monthly",
    layout="tva_konkurser",
    file=str(FILES / "tillvaxtanalys_konkurser_manad_lan_dalarna.xlsx"),
)


def _lan_ctx():
    return offline_context({"konkurser_manad"}, [("00", "riket", "Riket"), ("20", "lan", "Dalarnas län")])


def test_tillvaxtanalys_export_read_as_published():
    spec = replace(KONKURSER, options={"variable": "Antal anställda berörda av konkurser"})
    frame = client_for("excel").parse(spec, Path(spec.file), _lan_ctx())
    values = frame.set_index("period")["value"]
    assert set(frame["area_code"]) == {"20"}  # "20 Dalarnas län" is SCB's code 20
    assert values["2024-07"] == 25.0 and values["1996-01"] == 149.0
    assert len(frame) == 343  # 1996M01–2024M07, one row a month


def test_tillvaxtanalys_export_without_the_asked_variable_is_named():
    spec = replace(KONKURSER, options={"variable": "Antal konkurser"})
    with pytest.raises(
        SourceError, match=r"no value column 'Antal konkurser' \(the file has 'Antal anställda berörda av konkurser'\)"
    ):
        client_for("excel").parse(spec, Path(spec.file), _lan_ctx())


FORETAGSAMHET = source_spec(
    "foretagsamhet_sn",
    "foretagsamhet",
    "publisher",
    reader="svenskt_naringsliv_statistik",
    url="https://example.invalid/Statistik.xlsx",
    options={"faktor": "Företagsamhet", "delserie": "Andel företagsamma individer"},
)


def _statistik_text() -> str:
    from etl.sources.publishers import BYTES

    return (FILES / "svenskt_naringsliv_Statistik.xlsx").read_bytes().decode(BYTES)


def test_foretagsamhet_from_the_statistik_workbook():
    ctx = offline_context({"foretagsamhet"}, AREAS)
    frame = PublisherClient().parse(FORETAGSAMHET, _statistik_text(), ctx)
    values = {(r.area_code, r.period): r.value for r in frame.itertuples()}
    assert values == {
        ("00", "2022"): 11.9,
        ("00", "2023"): 12.1,
        ("23", "2022"): 15.2,
        ("23", "2023"): 15.4,
        ("2380", "2022"): 13.0,
    }


def test_a_series_not_in_the_workbook_is_named():
    spec = replace(FORETAGSAMHET, options={"faktor": "Företagsamhet", "delserie": "Andel unga"})
    ctx = offline_context({"foretagsamhet"}, AREAS)
    with pytest.raises(SourceError, match=r"no figures for Faktor 'Företagsamhet', Delserie 'Andel unga'"):
        PublisherClient().parse(spec, _statistik_text(), ctx)
