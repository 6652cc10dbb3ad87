"""gunicorn settings for `make serve-prod` and the bench (`gunicorn -c python:dashboard.gunicorn_conf`).

Threaded workers: DuckDB and the Kaleido renderer release the GIL while they work, so a few threads a
worker keep both cores busy without a process (and its memory) per concurrent request. Override with
WEB_CONCURRENCY (workers) and GUNICORN_THREADS.
"""

import os

workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
preload_app = True
timeout = 120
