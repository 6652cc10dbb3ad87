"""The drafted analysis: each sentence against a table of cases, and every number against the data it came from."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from dashboard import analysis, fulfilment, queries
from dashboard.db import Database
from dashboard.status import Due, Progress, Status


def result(**changes) -> fulfilment.TargetResult:
    """A judged percentage target (≥ 40,0 % in 2016), outcome 42,0 % in 2016 against 40,0 % in 2015."""
    base = fulfilment.TargetResult(
        goal_key="23/test/1",
        goal_id="1",
        indicator_id="andel",
        label="Andel",
        unit="%",
        decimals=1,
        direction="higher",
        area_code="23",
        area_name="Jämtlands län",
        sex="T",
        target_kind="value",
        target_value=40.0,
        target_year=2016,
        baseline_value=None,
        baseline_year=None,
        outcome=42.0,
        outcome_period="2016",
        outcome_flag=None,
        outcome_source="SCB",
        status=Status.MET,
        note=None,
        series=(("2015", 40.0), ("2016", 42.0)),
        due=Due(2016, 40.0, "2016", True),
        milestones=(Due(2016, 40.0, "2016", True),),
    )
    if "target_value" in changes and "milestones" not in changes:  # the target text reads the milestones
        due = Due(changes.get("target_year", 2016), changes["target_value"], str(changes.get("target_year", 2016)), True)
        changes = {"due": due, **changes, "milestones": (due,)}
    return replace(base, **changes)


def sentences(r: fulfilment.TargetResult, riket: float | None = None, year: int = 2016) -> str:
    return " ".join(analysis.draft(r, year, riket))


CASES = [
    (
        "increase, percent in procentenheter, toward the target",
        result(),
        None,
        ["Utfallet 2016 är 42,0 %, en ökning med 2,0 procentenheter jämfört med 2015 (40,0 %), i målets riktning."],
        ["riket", "Jämfört med utgångsvärdet"],
    ),
    (
        "decrease, away from a higher-is-better target",
        result(outcome=38.0, series=(("2015", 40.0), ("2016", 38.0)), status=Status.PARTLY_MET),
        None,
        [
            "en minskning med 2,0 procentenheter jämfört med 2015 (40,0 %), bort från målet.",
            "Målet – ≥ 40,0 % till 2016 – är delvis uppnått: utfallet ligger 2,0 procentenheter under målvärdet (40,0 %).",
        ],
        ["ökning"],
    ),
    (
        "unchanged at the indicator's decimals",
        result(outcome=40.02, series=(("2015", 40.0), ("2016", 40.02))),
        None,
        ["Utfallet 2016 är 40,0 %, oförändrat jämfört med 2015 (40,0 %).", "utfallet är i nivå med målvärdet (40,0 %)"],
        ["riktning", "ökning"],
    ),
    (
        "marginal: at most 2 % of the earlier value",
        result(outcome=40.8, series=(("2015", 40.0), ("2016", 40.8))),
        None,
        ["en marginell ökning med 0,8 procentenheter"],
        ["kraftig"],
    ),
    (
        "sharp: at least 25 % of the earlier value",
        result(outcome=50.0, series=(("2015", 40.0), ("2016", 50.0))),
        None,
        ["en kraftig ökning med 10,0 procentenheter"],
        ["marginell"],
    ),
    (
        "a count: its own unit and the relative change",
        result(unit="antal", decimals=0, outcome=416.0, target_value=439.0, series=(("2015", 439.0), ("2016", 416.0))),
        None,
        ["Utfallet 2016 är 416, en minskning med 23 (−5,2 %) jämfört med 2015 (439), bort från målet."],
        ["procentenheter"],
    ),
    (
        "lower is better: a decrease is toward the target, below the target is met",
        result(direction="lower", target_value=45.0, status=Status.MET, outcome=38.0, series=(("2015", 40.0), ("2016", 38.0))),
        None,
        [
            "en minskning med 2,0 procentenheter jämfört med 2015 (40,0 %), i målets riktning.",
            "Målet – ≤ 45,0 % till 2016 – är uppnått: utfallet ligger 7,0 procentenheter under målvärdet (45,0 %).",
        ],
        ["bort från målet"],
    ),
    (
        "lower is better and above riket: worse than riket",
        result(direction="lower", target_value=45.0),
        39.5,
        ["Jämtlands län ligger 2,5 procentenheter över riket (39,5 % 2016), vilket är sämre än riket."],
        [],
    ),
    (
        "higher is better and above riket: better than riket",
        result(),
        41.0,
        ["Jämtlands län ligger 1,0 procentenheter över riket (41,0 % 2016), vilket är bättre än riket."],
        [],
    ),
    (
        "riket at the same level",
        result(),
        42.04,
        ["Jämtlands län är i nivå med riket (42,0 % 2016)."],
        ["bättre", "sämre"],
    ),
    (
        "a total is never compared with riket's",
        result(unit="antal", decimals=0, outcome=416.0, target_value=439.0, series=(("2015", 439.0), ("2016", 416.0))),
        100000.0,
        [],
        ["riket"],
    ),
    (
        "baseline with its year, older than the year before",
        result(baseline_value=36.0, baseline_year=2012),
        None,
        ["Jämfört med utgångsvärdet 2012 (36,0 %) är det en ökning med 6,0 procentenheter, i målets riktning."],
        [],
    ),
    (
        "baseline in the year before: said once",
        result(baseline_value=40.0, baseline_year=2015),
        None,
        ["jämfört med 2015 (40,0 %)"],
        ["utgångsvärdet"],
    ),
    (
        "no earlier value to compare with",
        result(series=(("2016", 42.0),)),
        None,
        ["Utfallet 2016 är 42,0 %; ett jämförbart värde för året innan saknas."],
        ["ökning"],
    ),
    (
        "no outcome for the year",
        result(outcome=None, outcome_period=None, status=Status.NO_DATA, series=(("2013", 35.0),), note="Data saknas för 2016"),
        None,
        ["Utfall för 2016 saknas; det senaste värdet är 35,0 % (2013).", "kan inte bedömas för 2016: utfall saknas."],
        ["Utfallet 2016"],
    ),
    (
        "no data at all",
        result(outcome=None, outcome_period=None, status=Status.NO_DATA, series=()),
        None,
        ["Utfall för 2016 saknas, och serien har inga värden ännu."],
        [],
    ),
    (
        "no target value",
        result(target_kind="none", target_value=None, status=None),
        None,
        ["Målet har inget målvärde att jämföra med.", "en ökning med 2,0 procentenheter jämfört med 2015 (40,0 %)."],
        ["riktning"],
    ),
    (
        "a target in a later year: the pace needed and the pace so far",
        result(
            target_value=54.0,
            target_year=2030,
            status=None,
            progress=Progress.NOT_ON_TRACK,
            due=Due(2030, 54.0, "2030", True),
            series=(("2010", 39.0), ("2015", 40.0), ("2016", 42.0)),
        ),
        None,
        [
            "Målet är ≥ 54,0 % till 2030; för att nå dit behöver utfallet öka med 0,86 procentenheter per år till 2030.",
            "Sedan 2010 har det ökat med i snitt 0,50 procentenheter per år.",
            "Framstegssignal: inte i fas mot målet.",
        ],
        ["uppnått"],
    ),
    (
        "a lower-is-better target in a later year, already reached",
        result(
            direction="lower",
            target_value=45.0,
            target_year=2030,
            status=None,
            progress=Progress.ON_TRACK,
            due=Due(2030, 45.0, "2030", True),
        ),
        None,
        ["Målet – ≤ 45,0 % till 2030 – är ännu inte förfallet, och utfallet når redan målvärdet."],
        ["behöver"],
    ),
    (
        "a lower-is-better target in a later year: must fall",
        result(
            direction="lower",
            unit="min",
            decimals=0,
            outcome=292.0,
            target_value=270.0,
            target_year=2030,
            status=None,
            progress=Progress.UNKNOWN,
            due=Due(2030, 270.0, "2030", True),
            outcome_period="2017",
            series=(("2017", 292.0),),
        ),
        None,
        ["behöver utfallet minska med 1,7 min per år till 2030.", "Framstegssignal: framsteg kan inte bedömas."],
        ["Sedan"],
    ),
    (
        "a whole percentage point is singular",
        result(decimals=0, outcome=41.0, series=(("2015", 40.0), ("2016", 41.0))),
        None,
        ["en ökning med 1 procentenhet jämfört med 2015 (40 %)"],
        [],
    ),
    (
        "the report's own judgement is named",
        result(
            status=Status.PARTLY_MET,
            recorded=fulfilment.Recorded(Status.PARTLY_MET, "Delvis uppfyllt", "Rapporten", 3),
            outcome=39.0,
            series=(("2015", 40.0), ("2016", 39.0)),
        ),
        None,
        ["är delvis uppnått enligt rapportens egen bedömning: utfallet ligger 1,0 procentenheter under målvärdet"],
        [],
    ),
]


@pytest.mark.parametrize(("case", "r", "riket", "present", "absent"), CASES, ids=[c[0] for c in CASES])
def test_drafted_sentences(case, r, riket, present, absent):
    text = sentences(r, riket)
    for words in present:
        assert words in text, f"{case}: {words!r} not in {text!r}"
    for words in absent:
        assert words not in text, f"{case}: {words!r} in {text!r}"


def test_the_thresholds_are_the_stated_ones():
    assert analysis.MARGINAL == 0.02 and analysis.SHARP == 0.25
    assert "marginell" in sentences(result(outcome=40.8, series=(("2015", 40.0), ("2016", 40.8))))  # exactly 2 %
    assert "marginell" not in sentences(result(outcome=40.9, series=(("2015", 40.0), ("2016", 40.9))))
    assert "kraftig" in sentences(result(outcome=50.0, series=(("2015", 40.0), ("2016", 50.0))))  # exactly 25 %
    assert "kraftig" not in sentences(result(outcome=49.9, series=(("2015", 40.0), ("2016", 49.9))))


NUMBER = re.compile(r"[−-]?\d[\d\u2009]*(?:,\d+)?")


def _numbers(text: str) -> list[tuple[float, int]]:
    """Every number in a text with its count of decimals ("2 876 759", "0,60", "−5,2")."""
    found = []
    for match in NUMBER.findall(text):
        digits = match.replace("\u2009", "").replace("−", "-").replace(",", ".")
        found.append((float(digits), len(digits.split(".")[1]) if "." in digits else 0))
    return found


def _candidates(r: fulfilment.TargetResult, riket: float | None, year: int) -> set[float]:
    """What a draft may say: the values, their years, differences, relative changes and paces per year."""
    values = [v for v in (r.outcome, r.baseline_value, r.target_value, riket) if v is not None]
    values += [v for _, v in r.series] + [m.value for m in r.milestones if m.value is not None]
    years = {float(int(p[:4])) for p, _ in r.series} | {float(y) for y in (r.baseline_year, r.target_year) if y}
    years |= {float(year)} | {float(m.year) for m in (*r.milestones, *([r.due] if r.due else []))}
    out = set(values) | years
    for a in values:
        for b in values:
            out.add(abs(a - b))
            if b:
                out.add(abs(a - b) / abs(b) * 100)
            for span in {abs(y1 - y2) for y1 in years for y2 in years if y1 != y2}:
                out.add(abs(a - b) / span)
    return out


def test_every_number_in_every_draft_comes_from_the_data(built_db: Path):
    """Every goal set of every region, in its default report year and the year before."""
    db = Database(built_db)
    riket_rows = db.query("SELECT indicator_id, sex, period, value FROM latest WHERE area_code = '00'")
    riket = {(i, s, p): v for i, s, p, v in riket_rows.itertuples(index=False)}
    checked = 0
    for goal_set in db.query("SELECT region_code, goal_set FROM goal_sets").itertuples():
        default = fulfilment.default_year(db, goal_set.region_code, goal_set.goal_set)
        for year in (default, default - 1) if default else ():
            results = fulfilment.evaluate(db, goal_set.region_code, goal_set.goal_set, year)
            drafted = analysis.analyses(db, results, year)
            assert len(drafted) == len(results)
            for r, a in zip(results, drafted, strict=True):
                allowed = _candidates(r, riket.get((r.indicator_id, r.sex, r.outcome_period or "")), year)
                for value, decimals in _numbers(a.draft_text):
                    tolerance = 0.5 * 10**-decimals + 1e-9
                    assert any(abs(abs(value) - abs(c)) <= tolerance for c in allowed), (
                        f"{value} in {a.draft_text!r} is not from the data"
                    )
                    checked += 1
    assert checked > 200


def test_the_analysts_comment_comes_first_and_only_for_its_year(built_db: Path):
    db = Database(built_db)
    results = [r for r in fulfilment.evaluate(db, "23", "run-2016", 2016) if r.indicator_id == "foretagsamhet"]
    (own,) = analysis.analyses(db, results, 2016)
    comments = queries.comments_for(db, ("foretagsamhet",), ("23",))
    expected = [f"{c.text} ({c.author})" for c in comments.itertuples() if c.period.startswith("2016")]
    assert list(own.comments) == expected and expected
    assert own.draft[0].startswith("Utfallet 2016 är 14,8 %")
