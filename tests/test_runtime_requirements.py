"""The app runs on requirements.txt alone: pages render with every dev-only package hidden.

`make run` installs only requirements.txt, so a package that merely happens to be in the test venv
(pyarrow once was) would break the pages for users while every other test passed.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = r"""
import importlib.abc, json, sys
HIDDEN = set(sys.argv[2].split(","))

class HideDevPackages(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in HIDDEN:
            raise ModuleNotFoundError(f"No module named {name!r} (dev-only)")
        return None

sys.meta_path.insert(0, HideDevPackages())
from pathlib import Path
import dash
from dashboard.app import create_app

app = create_app(Path(sys.argv[1]))
calls = {
    "/": {"region": "23", "malset": "run-2016"},
    "/mal/<goal_id>": {"goal_id": "3", "region": "23", "malset": "run-2016"},
    "/indikator/<indicator_id>": {"indicator_id": "arbetsloshet_20_64", "omrade": "23"},
    "/kommuner": {"indikator": "folkmangd", "region": "23"},
    "/dialog": {"region": "23"},
    "/sok": {"q": "bredband"},
}
out = {}
with app.server.test_request_context("/"):
    for page in dash.page_registry.values():
        key = page.get("path_template") or page["path"]
        if key in calls:
            out[key] = json.dumps(page["layout"](**calls[key]).to_plotly_json(), cls=__import__("plotly").utils.PlotlyJSONEncoder, ensure_ascii=False)
client = app.server.test_client()
out["rapport.xlsx"] = str(client.get("/export/rapport.xlsx?region=23&malset=run-2016&ar=2016").status_code)
print(json.dumps(out))
"""


def _dev_only_modules() -> list[str]:
    runtime = {
        re.split(r"[=<>]", line)[0].strip().lower()
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if "==" in line
    }
    dev = {
        re.split(r"[=<>]", line)[0].strip().lower()
        for line in (ROOT / "requirements-dev.txt").read_text().splitlines()
        if "==" in line
    }
    names = {"pytest-playwright": "pytest_playwright"}
    return sorted(names.get(d, d.replace("-", "_")) for d in dev - runtime)


def test_pages_render_without_dev_packages(built_db: Path):
    hidden = _dev_only_modules()
    assert "hypothesis" in hidden and "pyarrow" not in hidden
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(built_db), ",".join(hidden)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-3000:]
    rendered = __import__("json").loads(result.stdout.strip().splitlines()[-1])
    assert set(rendered) == {"/", "/mal/<goal_id>", "/indikator/<indicator_id>", "/kommuner", "/dialog", "/sok", "rapport.xlsx"}
    for page, content in rendered.items():
        assert "Något gick fel" not in content, f"{page} shows the error page without the dev packages"
    assert rendered["rapport.xlsx"] == "200"
    assert "Måluppfyllelse 2016" in rendered["/"]
