"""gunicorn settings for `make serve-prod` and the bench (`gunicorn -c python:dashboard.gunicorn_conf`).

Threaded workers: DuckDB releases the GIL while it works, so a few threads a worker keep both cores busy
without a process (and its memory) per concurrent request. Exports are drawn in each worker's export
processes (dashboard/exports/lane.py, started on the worker's first export, never in the master), so a page
thread never waits on the GIL for one; each worker has GUNICORN_THREADS threads for pages plus one for each
place of the export lane, where a request waits for its file without holding a thread a page needs. Override
with WEB_CONCURRENCY (workers), GUNICORN_THREADS, LAGET_EXPORT_WORKERS and LAGET_EXPORT_QUEUE.

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
