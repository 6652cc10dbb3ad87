"""gunicorn settings for `make serve-prod` and the bench (`gunicorn -c python:dashboard.gunicorn_conf`).

Threaded workers: DuckDB and the Kaleido renderer release the GIL while they work, so a few threads a
worker keep both cores busy without a process (and its memory) per concurrent request. Each worker has
GUNICORN_THREADS threads for pages plus one for each place of the export lane (dashboard/exports/lane.py),
so a request waiting for an export never holds a thread a page needs. Override with WEB_CONCURRENCY
(workers), GUNICORN_THREADS, LAGET_EXPORT_WORKERS and LAGET_EXPORT_QUEUE.

The access log goes to stdout in the combined log format followed by the request time in milliseconds
(`LAGET_ACCESS_LOG=path` for a file). Dash's development endpoints (hot reload) are off under gunicorn.
"""

import os

from dashboard.exports.lane import lane_size

workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
page_threads = int(os.environ.get("GUNICORN_THREADS", "4"))
threads = page_threads + sum(lane_size())
preload_app = True
timeout = 120
accesslog = os.environ.get("LAGET_ACCESS_LOG", "-")
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)s'
