"""WSGI entry point for gunicorn: `gunicorn dashboard.wsgi:server`.

With gunicorn's preload (dashboard/gunicorn_conf.py) this module is imported once in the master before it forks
the workers; `gc.freeze()` then moves every object made so far (the imported code, the app) out of the garbage
collector's reach, so a worker's collections do not write to those shared pages and copy them (its PSS stays low).
"""

import gc

from dashboard.app import create_app

app = create_app()
server = app.server
gc.freeze()
