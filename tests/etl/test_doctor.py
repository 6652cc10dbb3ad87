"""`python -m etl doctor` against the fake API serving SCB's real TAB6471 metadata."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

import pytest

from etl import cli
from etl.doctor import doctor

SOURCES = """
sources:
  - id: folkmangd_manad_ok
    indicator: folkmangd_manad
    precedence: 1
    kind: scb_v2
    table: TAB6471
    evidence: "test"
    selection:
      Region: {values: ["@lan"], codelist: vs_CKM02Län}
      Alder: {values: [TotSA], codelist: vs_CKM01AlderTot}
      Kon: [TotSa, "1", "2"]
      ContentsCode: ["000007SF"]
      Tid: ["top(12)"]
    dimensions: {area: Region, period: Tid, sex: Kon}
    cadence: monthly
  - id: wrong_table
    indicator: folkmangd_manad
    precedence: 2
    kind: scb_v2
    table: TAB9999
    evidence: "test"
    selection: {Region: ["00"], ContentsCode: ["000007SF"], Tid: ["2025M01"]}
    dimensions: {area: Region, period: Tid}
    cadence: monthly
  - id: wrong_code
    indicator: folkmangd_manad
    precedence: 3
    kind: scb_v2
    table: TAB6471
    evidence: "test"
    selection:
      Region: ["00", "23"]
      Alder: [TotSA]
      ContentsCode: ["000006IY"]
      Tid: ["2025M01", "2024M12"]
    dimensions: {area: Region, period: Tid}
    cadence: monthly
  - id: age_left_out
    indicator: folkmangd_manad
    precedence: 4
    kind: scb_v2
    table: TAB6471
    evidence: "test"
    selection: {Region: ["23"], ContentsCode: ["000007SF"], Tid: ["top(1)"]}
    dimensions: {area: Region, period: Tid}
    cadence: monthly
  - id: medianinkomst_v1
    indicator: medianinkomst
    precedence: 5
    kind: scb_v1
    path: HE/HE0110/HE0110G/TestMedian
    evidence: "test"
    selection: {Region: ["00", "@region"], Kon: ["1+2"], ContentsCode: [HE0110J8], Tid: {filter: top, values: ["1"]}}
    dimensions: {area: Region, period: Tid}
    cadence: yearly
  - id: kolada_ok
    indicator: sjukpenningtal
    precedence: 6
    kind: kolada
    kpi: N00938
    evidence: "test"
    cadence: yearly
  - id: kolada_empty
    indicator: sjukpenningtal
    precedence: 7
    kind: kolada
    kpi: N99998
    evidence: "test"
    cadence: yearly
  - id: file_ok
    indicator: gastnatter_kommersiella
    precedence: 8
    kind: publisher
    reader: tillvaxtverket_gastnatter
    url: "{base}/files/GuestNights_Year.txt"
    evidence: "test"
    cadence: yearly
  - id: xlsx_ok
    indicator: foretagsamhet
    kind: publisher
    reader: svenskt_naringsliv_statistik
    url: "{base}/files/Statistik.xlsx"
    evidence: "test"
    cadence: yearly
  - id: file_moved
    indicator: gastnatter_kommersiella
    precedence: 9
    kind: publisher
    reader: tillvaxtverket_gastnatter
    url: "{base}/files/old/GuestNights_Year.txt"
    evidence: "test"
    cadence: yearly
"""


@pytest.fixture
def sources(fake_api, tmp_path: Path) -> Path:
    path = tmp_path / "doctor_sources.yaml"
    path.write_text(SOURCES.replace("{base}", fake_api.base), encoding="utf-8")
    return path


def test_the_doctor_names_what_is_wrong_with_each_source(fake_api, fast_http, data_dir, sources):
    found = {f.source: f for f in doctor(data_dir, sources_path=sources, http=fast_http)}
    assert found["folkmangd_manad_ok"].status == "ok"
    assert found["wrong_table"].status == "problem" and "unknown table TAB9999 (HTTP 404" in found["wrong_table"].message
    wrong = found["wrong_code"].message
    assert "unknown code 000006IY for ContentsCode; the table has 000007SF" in wrong
    assert "unknown code 2024M12 for Tid; the table has 2025M01, 2025M02" in wrong
    assert "variable 'Alder' must be selected" in found["age_left_out"].message
    assert found["medianinkomst_v1"].status == "ok"
    assert found["kolada_ok"].status == "ok" and "Nyckeltal i testerna" in found["kolada_ok"].message
    assert (
        found["kolada_empty"].status == "problem"
        and "N99998 (Tomt nyckeltal N99998): empty answer" in found["kolada_empty"].message
    )
    assert found["file_ok"].status == "ok"
    assert found["xlsx_ok"].status == "ok" and "an xlsx workbook" in found["xlsx_ok"].message
    moved = found["file_moved"].message
    assert found["file_moved"].status == "problem" and f"HTTP 301, now at {fake_api.base}/files/GuestNights_Year.txt" in moved
    # the codelist of the selection was sent with the metadata request
    assert any("codelist[Region]=vs_CKM02Län" in unquote(path) for _, path, _ in fake_api.log)


def test_the_doctor_cli_prints_one_line_a_source_and_fails_on_problems(fake_api, data_dir, sources, capsys, monkeypatch):
    monkeypatch.setenv("LAGET_CACHE_DIR", str(data_dir / "cache"))
    assert cli.main(["--data", str(data_dir), "doctor", "--sources", str(sources)]) == 1
    lines = capsys.readouterr().out.splitlines()
    ids = {line.split()[0] for line in lines if line.strip()}
    assert {"wrong_table", "wrong_code", "age_left_out", "kolada_empty", "file_moved", "file_ok"} <= ids
    assert len([line for line in lines if " problem " in line]) == 5
    assert lines[-1] == "10 sources: 5 ok, 5 with a problem, 0 skipped"


def test_offline_the_doctor_says_so(data_dir, capsys):
    assert cli.main(["--data", str(data_dir), "doctor", "--offline"]) == 0
    out = capsys.readouterr().out
    assert "offline: TAB6471 not asked" in out and out.rstrip().endswith("(offline: nothing was asked)")
