"""`python -m dashboard`: serve the app at http://HOST:PORT (default 127.0.0.1:8050); `python -m dashboard users …` manages accounts."""

import signal
import sys

if sys.argv[1:2] == ["users"]:
    from dashboard.workspace.cli import main

    raise SystemExit(main(sys.argv[2:]))

from dashboard.app import create_app
from dashboard.settings import Settings

settings = Settings.from_env()
if not settings.db_path.exists():
    raise SystemExit(f"No database at {settings.db_path}. Build it first: python -m etl build")
print(f"Läget i länet: http://{settings.host}:{settings.port}/  (database {settings.db_path})", flush=True)
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # stop as Ctrl-C does: the export processes stop with it
create_app(settings.db_path).run(host=settings.host, port=settings.port, debug=False)
