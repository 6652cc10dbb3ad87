"""A threaded worker's first requests: Dash's page setup is done when the app is made, not by a first request."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from dashboard.app import create_app


def test_a_page_callback_answers_as_the_first_requests_arrive_together(built_db: Path):
    app = create_app(built_db)
    body = {
        "output": "indicator-location.href",
        "outputs": {"id": "indicator-location", "property": "href"},
        "inputs": [
            {"id": i, "property": "value", "value": v}
            for i, v in [("indicator-area", "23"), ("indicator-sex", "K"), ("indicator-from", ""), ("indicator-to", ""), ("indicator-year", "2022")]
        ],
        "changedPropIds": ["indicator-sex.value"],
        "state": [{"id": "indicator-state", "property": "data", "value": {"indicator_id": "folkmangd", "goal_set": None, "goal_id": None}}],
    }  # fmt: skip

    def post(_: int) -> tuple[int, str]:
        response = app.server.test_client().post("/_dash-update-component", json=body)
        answer = response.get_json(silent=True) or {}
        return response.status_code, answer.get("response", {}).get("indicator-location", {}).get("href", "")

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(post, range(8)))
    assert answers == [(200, "/indikator/folkmangd?omrade=23&kon=K")] * 8  # a new sex lets the page pick its year
