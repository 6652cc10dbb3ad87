"""HTTP routes of the exports (a Flask blueprint on the Dash server).

    /export/figur/<indicator_id>.<png|svg|pdf>?<the indicator view's parameters>&diagram=…&storlek=a4|bild
    /export/data/<indicator_id>.<csv|xlsx>?<the indicator view's parameters>&diagram=…
    /export/rapport.<xlsx|pdf|docx>?region=23&malset=…&ar=2016 (docx: &diagram=1 adds the charts)
    /export/dialog.pptx?region=23&sedan=2023-12-18

A bad request answers 400 (a parameter we cannot use) or 404 (nothing there: unknown indicator, no data
for the area, an unknown address under /export/) with a Swedish sentence naming the parameter, as plain text;
never a traceback. Every parameter is checked here, in the page process, before the cache key is made, so
only real views are drawn; each file is made once per database version by one of the `*_file` makers below,
run in an export process of the lane (dashboard/exports/lane.py), which answers 503 with Retry-After and a
Swedish sentence when it is full or its process failed. A chart or deck on a server without chromium answers
501 with the package to install (a retry would not help).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from urllib.parse import quote

import flask

from dashboard import figures, indicator_view
from dashboard.context import get_db
from dashboard.db import LARGE, DatabaseMissing, Reader
from dashboard.exports import comparison_xlsx, dialog, pptx, render, report, report_docx, report_pdf
from dashboard.exports import data as data_export
from dashboard.exports.lane import LANE, LaneUnavailable
from dashboard.exports.render import FORMATS, MEDIA_TYPES, SIZES, RendererMissing, RenderError
from dashboard.urls import local, route_prefix
from dashboard.view_state import read_params, resolve_goal_view

log = logging.getLogger(__name__)

CHARTS: dict[str, Callable[..., figures.Figure]] = {
    "trend": figures.trend_figure,
    "lan": figures.lan_bars_figure,
    "kommuner": figures.kommun_bars_figure,
    "kommunkarta": figures.kommun_map_figure,
    "kon": figures.sex_figure,
}
DATA_FORMATS = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
REPORT_FORMATS = {"xlsx": DATA_FORMATS["xlsx"], "pdf": MEDIA_TYPES["pdf"], "docx": report_docx.MEDIA_TYPE}
PPTX_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
EXPORT_PARAMS = ("diagram", "storlek")
EXPORTS_THERE = (
    "Det finns /export/rapport.xlsx, /export/rapport.pdf, /export/rapport.docx, /export/dialog.pptx, "
    "/export/figur/<indikator>.png|svg|pdf och /export/data/<indikator>.csv|xlsx."
)

blueprint = flask.Blueprint("exports", __name__, url_prefix="/export")


class BadRequest(Exception):
    """A request we will not answer with a file; `status` is 400 or 404, the text is Swedish."""

    def __init__(self, text: str, status: int = 400):
        super().__init__(text, status)  # both in args: a maker raises it in an export process, pickled back
        self.text = text
        self.status = status

    def __str__(self) -> str:
        return self.text


def _options(values) -> str:
    return ", ".join(values)


def _file(body: bytes, mimetype: str, filename: str) -> flask.Response:
    response = flask.Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f"attachment; filename=\"{filename}\"; filename*=UTF-8''{quote(filename)}"
    response.headers["Cache-Control"] = "no-store"
    return response


def _made_once(key: tuple, make: Callable[..., bytes], *args: object) -> bytes:
    """The file of a view is the same until the next database: `make(db, *args)` once per version, in an
    export process (`make` a function of this module, `args` plain data)."""
    db = get_db()
    return db.cached(key, lambda: LANE.run_on(db, make, *args), LARGE)


def _needs_chromium() -> None:
    """Say at once (501) that charts cannot be drawn here, rather than queueing for an export process to say so."""
    if missing := render.renderer_available():
        raise RendererMissing(missing)


def _args() -> dict[str, str]:
    """The query parameters, each given once and not too long (else a 400 naming the parameter)."""
    args, notes = read_params(flask.request.args.to_dict(flat=False))
    if notes:
        raise BadRequest(" ".join(_without_fallback(n) for n in notes))
    return args


def _split(name: str, allowed: dict | tuple, what: str) -> tuple[str, str]:
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        raise BadRequest(
            f"Adressen saknar filformat: skriv t.ex. {name}.{next(iter(allowed))} ({what}: {_options(allowed)}).", 404
        )
    if ext not in allowed:
        raise BadRequest(f"Formatet ”{ext}” gör vi inte för {what}. Välj ett av: {_options(allowed)}.", 404)
    return stem, ext


def _view(indicator_id: str, chart: str) -> indicator_view.IndicatorState:
    """The indicator view the URL describes; every unusable parameter is a 400, an unknown indicator a 404."""
    db = get_db()
    if not indicator_view.indicator_exists(db, indicator_id):
        raise BadRequest(
            f"Indikatorn ”{indicator_id}” finns inte. Kontrollera adressen (id:t står i indikatorsidans adress).", 404
        )
    if chart not in CHARTS:
        raise BadRequest(f"Diagrammet ”{chart}” finns inte (parametern diagram). Välj ett av: {_options(CHARTS)}.")
    args = _args()
    known = (*indicator_view.INDICATOR_PARAMS, *EXPORT_PARAMS)
    unknown = [k for k in args if k not in known]
    if unknown:
        raise BadRequest(f"Okänd parameter ”{unknown[0]}”. Möjliga parametrar: {_options(known)}.")
    state, messages = indicator_view.resolve_indicator_state(db, indicator_id, args)
    if messages:
        raise BadRequest(" ".join(_without_fallback(m) for m in messages))
    # the goal a reader came from (malset, mal) changes nothing in a file: one file, one cache entry
    return replace(state, goal_set=None, goal_id=None)


def _without_fallback(message: str) -> str:
    """A page's message says what it shows instead ("… Visar 2016."); an export shows nothing instead."""
    return message.rsplit(" Visar", 1)[0]


def _chart(data: indicator_view.IndicatorData, chart: str) -> figures.Figure:
    """The chart as a report shows it; no data to show is a 404 (found in the export process)."""
    figure = CHARTS[chart](data, style="report")
    meta = figures.figure_meta(figure)
    if meta.get("empty"):
        raise BadRequest(f"Data saknas: {meta.get('title') or data.indicator.name} har inga värden att visa.", 404)
    return figure


def _filename(state: indicator_view.IndicatorState, chart: str, ext: str) -> str:
    period = state.period if chart in ("lan", "kommuner", "kommunkarta") else None
    parts = [state.indicator_id, state.area_code, chart, state.sex if state.sex != "T" else None, period]
    return "_".join(p for p in parts if p) + f".{ext}"


def figure_file(db: Reader, state: indicator_view.IndicatorState, chart: str, fmt: str, size: str) -> bytes:
    """A chart as PNG, SVG or PDF (in an export process)."""
    figure = _chart(indicator_view.indicator_data(db, state), chart)
    return render.render(figure, fmt, SIZES[size])  # type: ignore[arg-type]


def data_file(db: Reader, state: indicator_view.IndicatorState, chart: str, fmt: str) -> bytes:
    """A chart's table as CSV or Excel (in an export process)."""
    data = indicator_view.indicator_data(db, state)
    title = figures.figure_meta(_chart(data, chart)).get("title") or data.indicator.name
    table = data_export.view_table(data, chart, title)
    return data_export.to_csv(table) if fmt == "csv" else data_export.to_xlsx(table)


def report_file(db: Reader, params: tuple[str | None, ...], ext: str, charts: bool) -> bytes:
    """The goal-fulfilment report as Excel, PDF or Word, of `resolve_goal_view(db, *params)` (in an export process)."""
    view = resolve_goal_view(db, *params)
    assert view is not None and view.year is not None, "checked by the route"
    built = report.build_report(db, view)
    if ext == "docx":
        return report_docx.document(db, built, view.per, with_charts=charts)
    return report.to_xlsx(built) if ext == "xlsx" else report_pdf.to_pdf(built)


def comparison_file(db: Reader, region_code: str) -> bytes:
    """The standard comparison as Excel (in an export process)."""
    return comparison_xlsx.to_xlsx(db, region_code)


def deck_file(db: Reader, code: str, since: str | None) -> bytes:
    """The dialog deck as PowerPoint (in an export process)."""
    return pptx.to_pptx(dialog.build_deck(db, code, since))


@blueprint.get("/figur/<name>")
def figure_export(name: str) -> flask.Response:
    indicator_id, fmt = _split(name, FORMATS, "diagram")
    size_name = flask.request.args.get("storlek", "a4")
    if size_name not in SIZES:
        sizes = "; ".join(f"{k} ({s.label})" for k, s in SIZES.items())
        raise BadRequest(f"Storleken ”{size_name}” finns inte (parametern storlek). Välj en av: {sizes}.")
    chart = flask.request.args.get("diagram", "trend")
    state = _view(indicator_id, chart)
    _needs_chromium()
    body = _made_once(("figure_export", state, chart, fmt, size_name), figure_file, state, chart, fmt, size_name)
    return _file(body, MEDIA_TYPES[fmt], _filename(state, chart, fmt))


@blueprint.get("/data/<name>")
def data_export_route(name: str) -> flask.Response:
    indicator_id, fmt = _split(name, DATA_FORMATS, "data")
    chart = flask.request.args.get("diagram", "trend")
    state = _view(indicator_id, chart)
    body = _made_once(("data_export", state, chart, fmt), data_file, state, chart, fmt)
    return _file(body, DATA_FORMATS[fmt], _filename(state, chart, fmt))


@blueprint.get("/<name>")
def document_export(name: str) -> flask.Response:
    stem, _, ext = name.rpartition(".")
    if stem == "rapport":
        return _report(ext)
    if stem == "dialog":
        return _deck(ext)
    raise BadRequest(f"Exporten ”{name}” finns inte. {EXPORTS_THERE}", 404)


def _report(ext: str) -> flask.Response:
    if ext not in REPORT_FORMATS:
        raise BadRequest(f"Rapporten finns inte som ”{ext}”. Välj rapport.xlsx, rapport.pdf eller rapport.docx.", 404)
    args = _args()
    unknown = [k for k in args if k not in ("region", "malset", "ar", "per") and not (ext == "docx" and k == "diagram")]
    if unknown:
        raise BadRequest(f"Okänd parameter ”{unknown[0]}”. Rapporten tar region, malset, ar och per (docx även diagram).")
    if args.get("diagram", "0") not in ("0", "1"):
        raise BadRequest(f"Parametern diagram tar 1 (med diagram) eller 0 (utan), inte ”{args['diagram']}”.")
    db = get_db()
    params = (args.get("region"), args.get("malset"), args.get("ar"), args.get("per"))
    view = resolve_goal_view(db, *params)
    if view is None:
        raise BadRequest("Databasen innehåller inga regioner. Kör python -m etl build.", 404)
    if not view.region_found:
        raise BadRequest(_without_fallback(view.messages[0]), 404)
    if view.messages:
        raise BadRequest(" ".join(_without_fallback(m) for m in view.messages))
    if view.is_comparison:
        if ext != "xlsx":
            raise BadRequest(f"{view.goal_set_name} finns som rapport.xlsx, inte som {ext}.", 404)
        body = _made_once(("comparison_export", view.region_code), comparison_file, view.region_code)
        return _file(body, REPORT_FORMATS[ext], f"jamforelse_{view.region_code}.xlsx")
    if view.year is None:
        raise BadRequest(
            f"{view.goal_set_name} har inga utfall ännu för {view.region_name}; det finns ingen rapport att göra.", 404
        )
    charts = args.get("diagram") == "1"
    if charts:
        _needs_chromium()
    key = ("report_export", view.region_code, view.goal_set, view.year, view.per, ext, charts)
    body = _made_once(key, report_file, params, ext, charts)
    stem = f"maluppfyllelse_{view.region_code}_{view.goal_set}_{view.year}" + (f"_per_{view.per}" if view.per else "")
    return _file(body, REPORT_FORMATS[ext], f"{stem}.{ext}")


def _deck(ext: str) -> flask.Response:
    if ext != "pptx":
        raise BadRequest(f"Bildspelet finns inte som ”{ext}”. Välj dialog.pptx (eller sidan /dialog).", 404)
    args = _args()
    unknown = [k for k in args if k not in ("region", "sedan")]
    if unknown:
        raise BadRequest(f"Okänd parameter ”{unknown[0]}”. Bildspelet tar region och sedan.")
    db = get_db()
    try:
        code = dialog.resolve_region(db, args.get("region"))[0]
        since = dialog.parse_since(args.get("sedan"))
    except dialog.DialogError as error:
        raise BadRequest(str(error), 404 if error.param == "region" else 400) from error
    _needs_chromium()
    body = _made_once(("deck_export", code, since), deck_file, code, args.get("sedan"))
    when = since or dialog.default_since(db, code)
    return _file(body, PPTX_TYPE, f"naringslivsdialog_{code}_{when:%Y-%m-%d}.pptx")


@blueprint.get("/<path:rest>")
def unknown_export(rest: str) -> flask.Response:
    raise BadRequest(f"Det finns ingen export på /export/{rest}. {EXPORTS_THERE}", 404)


@blueprint.errorhandler(BadRequest)
def _bad_request(error: BadRequest) -> flask.Response:
    return flask.Response(str(error) + "\n", status=error.status, mimetype="text/plain")


@blueprint.errorhandler(DatabaseMissing)
def _no_database(error: DatabaseMissing) -> flask.Response:
    return flask.Response("Databasen är inte byggd ännu. Kör python -m etl build.\n", status=503, mimetype="text/plain")


@blueprint.errorhandler(RenderError)
def _render_failed(error: RenderError) -> flask.Response:
    text = "Diagrammet kunde inte ritas just nu (exportservern svarade inte). Försök igen om en stund.\n"
    return flask.Response(text, status=503, mimetype="text/plain", headers={"Retry-After": "5"})


@blueprint.errorhandler(LaneUnavailable)
def _lane_unavailable(error: LaneUnavailable) -> flask.Response:
    """The lane is full, or its export process failed: 503, when to try again, and why in Swedish."""
    headers = {"Retry-After": str(error.retry_after)}
    return flask.Response(error.swedish() + "\n", status=503, mimetype="text/plain", headers=headers)


@blueprint.errorhandler(RendererMissing)
def _renderer_missing(error: RendererMissing) -> flask.Response:
    """501: this server cannot draw charts until chromium is installed; not a passing failure, so no Retry-After."""
    return flask.Response(str(error) + "\n", status=501, mimetype="text/plain")


@blueprint.errorhandler(Exception)
def _unexpected(error: Exception) -> flask.Response:
    log.exception("export %s failed", flask.request.full_path)
    return flask.Response("Exporten misslyckades. Felet är loggat; försök igen.\n", status=503, mimetype="text/plain")


WARM_UP_PATHS = ("/export/", "/indikator/", "/kommuner", "/dialog")


def register_export_routes(server: flask.Flask) -> None:
    """Serve the exports; the first visit to a page that offers exports starts the export processes and their
    chromium in the background."""
    server.register_blueprint(blueprint, url_prefix=route_prefix() + "/export")

    @server.before_request
    def _warm() -> None:
        if local(flask.request.path).startswith(WARM_UP_PATHS):
            LANE.warm_up()
