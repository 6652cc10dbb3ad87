"""HTTP routes of the exports (a Flask blueprint on the Dash server).

    /export/figur/<indicator_id>.<png|svg|pdf>?<the indicator view's parameters>&diagram=…&storlek=a4|bild
    /export/data/<indicator_id>.<csv|xlsx>?<the indicator view's parameters>&diagram=…
    /export/rapport.<xlsx|pdf|docx>?region=23&malset=…&ar=2016 (docx: &diagram=1 adds the charts)
    /export/dialog.pptx?region=23&sedan=2023-12-18

A bad request answers 400 (a parameter we cannot use) or 404 (nothing there: unknown indicator, no data
for the area, an unknown address under /export/) with a Swedish sentence naming the parameter, as plain text;
never a traceback. Every parameter is checked before the cache key is made, so only real views are drawn;
each file is made once per database version, on the export lane (dashboard/exports/lane.py), which answers
503 with Retry-After when it is full. A chart or deck on a server without chromium answers 501 with the
package to install (a retry would not help).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from urllib.parse import quote

import flask

from dashboard import figures, indicator_view
from dashboard.context import get_db
from dashboard.db import LARGE, DatabaseMissing
from dashboard.exports import comparison_xlsx, dialog, pptx, report, report_docx, report_pdf
from dashboard.exports import data as data_export
from dashboard.exports.lane import LANE, LaneFull
from dashboard.exports.render import FORMATS, MEDIA_TYPES, RENDERER, SIZES, RendererMissing, RenderError
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
        super().__init__(text)
        self.status = status


def _options(values) -> str:
    return ", ".join(values)


def _file(body: bytes, mimetype: str, filename: str) -> flask.Response:
    response = flask.Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f"attachment; filename=\"{filename}\"; filename*=UTF-8''{quote(filename)}"
    response.headers["Cache-Control"] = "no-store"
    return response


def _made_once(key: tuple, make: Callable[[], bytes]) -> bytes:
    """The file of a view is the same until the next database: make it once per version, on the export lane."""
    return get_db().cached(key, lambda: LANE.run(make), LARGE)


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


def _view(indicator_id: str, chart: str) -> indicator_view.IndicatorData:
    """The indicator view the URL describes; every unusable parameter is a 400, no data a 404."""
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
    return indicator_view.indicator_data(db, replace(state, goal_set=None, goal_id=None))


def _without_fallback(message: str) -> str:
    """A page's message says what it shows instead ("… Visar 2016."); an export shows nothing instead."""
    return message.rsplit(" Visar", 1)[0]


def _chart(data: indicator_view.IndicatorData, chart: str) -> figures.Figure:
    figure = CHARTS[chart](data, style="report")
    meta = figures.figure_meta(figure)
    if meta.get("empty"):
        raise BadRequest(f"Data saknas: {meta.get('title') or data.indicator.name} har inga värden att visa.", 404)
    return figure


def _filename(data: indicator_view.IndicatorData, chart: str, ext: str) -> str:
    period = data.state.period if chart in ("lan", "kommuner", "kommunkarta") else None
    parts = [data.state.indicator_id, data.state.area_code, chart, data.state.sex if data.state.sex != "T" else None, period]
    return "_".join(p for p in parts if p) + f".{ext}"


@blueprint.get("/figur/<name>")
def figure_export(name: str) -> flask.Response:
    indicator_id, fmt = _split(name, FORMATS, "diagram")
    size_name = flask.request.args.get("storlek", "a4")
    if size_name not in SIZES:
        sizes = "; ".join(f"{k} ({s.label})" for k, s in SIZES.items())
        raise BadRequest(f"Storleken ”{size_name}” finns inte (parametern storlek). Välj en av: {sizes}.")
    chart = flask.request.args.get("diagram", "trend")
    data = _view(indicator_id, chart)
    figure = _chart(data, chart)
    body = _made_once(
        ("figure_export", data.state, chart, fmt, size_name),
        lambda: RENDERER.render(figure, fmt, SIZES[size_name]),  # type: ignore[arg-type]
    )
    return _file(body, MEDIA_TYPES[fmt], _filename(data, chart, fmt))


@blueprint.get("/data/<name>")
def data_export_route(name: str) -> flask.Response:
    indicator_id, fmt = _split(name, DATA_FORMATS, "data")
    chart = flask.request.args.get("diagram", "trend")
    data = _view(indicator_id, chart)
    title = figures.figure_meta(_chart(data, chart)).get("title") or data.indicator.name

    def make() -> bytes:
        table = data_export.view_table(data, chart, title)
        return data_export.to_csv(table) if fmt == "csv" else data_export.to_xlsx(table)

    body = _made_once(("data_export", data.state, chart, fmt), make)
    return _file(body, DATA_FORMATS[fmt], _filename(data, chart, fmt))


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
    view = resolve_goal_view(db, args.get("region"), args.get("malset"), args.get("ar"), args.get("per"))
    if view is None:
        raise BadRequest("Databasen innehåller inga regioner. Kör python -m etl build.", 404)
    if not view.region_found:
        raise BadRequest(_without_fallback(view.messages[0]), 404)
    if view.messages:
        raise BadRequest(" ".join(_without_fallback(m) for m in view.messages))
    if view.is_comparison:
        if ext != "xlsx":
            raise BadRequest(f"{view.goal_set_name} finns som rapport.xlsx, inte som {ext}.", 404)
        body = comparison_xlsx.to_xlsx(db, view.region_code)
        return _file(body, REPORT_FORMATS[ext], f"jamforelse_{view.region_code}.xlsx")
    if view.year is None:
        raise BadRequest(
            f"{view.goal_set_name} har inga utfall ännu för {view.region_name}; det finns ingen rapport att göra.", 404
        )

    def make() -> bytes:
        built = report.build_report(db, view)
        if ext == "docx":
            return report_docx.document(db, built, view.per, with_charts=charts)
        return report.to_xlsx(built) if ext == "xlsx" else report_pdf.to_pdf(built)

    charts = args.get("diagram") == "1"
    body = _made_once(("report_export", view.region_code, view.goal_set, view.year, view.per, ext, charts), make)
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
    body = _made_once(("deck_export", code, since), lambda: pptx.to_pptx(dialog.build_deck(db, code, args.get("sedan"))))
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


@blueprint.errorhandler(LaneFull)
def _lane_full(error: LaneFull) -> flask.Response:
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
    """Serve the exports; the first visit to a page that offers exports starts the export server in the background."""
    server.register_blueprint(blueprint, url_prefix=route_prefix() + "/export")

    @server.before_request
    def _warm() -> None:
        if not RENDERER.warm and local(flask.request.path).startswith(WARM_UP_PATHS):
            LANE.submit(RENDERER.warm_up)  # from a lane thread, so chromium runs at the lane's priority
