"""gunicorn settings: `gunicorn -c config/gunicorn.conf.py config.wsgi`.

Environment: GUNICORN_BIND (default 127.0.0.1:8001), WEB_CONCURRENCY (workers, default
3), GUNICORN_THREADS (threads per worker, default 4), GUNICORN_ACCESS_LOG (a file, "-"
for standard output as default, "" for none).

Each worker answers with several threads (gthread): while one request waits for the
database (the figures page), a short one (a question screen, a blank card) is answered
by the same process instead of queueing behind it. The PDFs are made one at a time per
process (printouts/pdf.py): WeasyPrint's text layout is not safe across threads.

The access log is JSON lines with nginx's request id; invitation tokens (paths
/s/<token>/) are masked in it, as in Django's own logs.
"""

import json
import os
import shutil
import tempfile

from gunicorn.glogging import Logger

from core.logmask import mask


class MaskingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "q", "f", "{raw_uri}e", "{path_info}e", "{referer}i"):
            if isinstance(atoms.get(key), str):
                atoms[key] = mask(atoms[key])
        # Every value goes inside a JSON string below: escape quotes and backslashes.
        return {
            key: json.dumps(value)[1:-1] if isinstance(value, str) else value
            for key, value in atoms.items()
        }


logger_class = MaskingLogger
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# nginx keeps connections to the nodes open (deploy/nginx/stegvis.conf, upstream
# keepalive_timeout 60 s): held longer here, so that gunicorn never closes one just as
# nginx sends a request on it (a reset, and a 502 for a POST).
keepalive = 75
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
access_log_format = (
    '{"time":"%(t)s","logger":"gunicorn.access","request_id":"%({x-request-id}i)s",'
    '"pid":"%(p)s","method":"%(m)s","path":"%(U)s","status":"%(s)s","bytes":"%(B)s",'
    '"duration_ms":"%(M)s"}'
)
forwarded_allow_ips = "127.0.0.1"
# No control socket in the service user's home (read-only under systemd's ProtectSystem):
# systemctl reload and stop send the signals.
control_socket_disable = True
# systemd stops the service with SIGTERM: requests in flight get this long to finish.
graceful_timeout = 30
timeout = 60

# gunicorn's own messages (workers started, stopped, timed out) as JSON lines on standard
# error like Django's; the access log's lines are already JSON (the format above).
_access_handler = (
    {"class": "logging.StreamHandler", "formatter": "message", "stream": "ext://sys.stdout"}
    if accesslog == "-"
    else {"class": "logging.FileHandler", "formatter": "message", "filename": accesslog}
    if accesslog
    else {"class": "logging.NullHandler"}
)
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(process)d %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",  # ISO 8601 in UTC
        },
        "message": {"format": "%(message)s"},
    },
    "handlers": {
        "gunicorn_json": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stderr",
        },
        "gunicorn_access": _access_handler,
    },
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["gunicorn_json"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["gunicorn_access"], "propagate": False},
    },
    # Django configures the root logger when the application loads.
    "root": {"level": "WARNING", "handlers": []},
}

# Metrics (core/metrics.py) summed over the workers: prometheus_client's multiprocess
# mode needs a directory of its own, empty at start, known before the workers load Django.
_own_metrics_dir = None
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    _own_metrics_dir = tempfile.mkdtemp(prefix="stegvis-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = _own_metrics_dir


def on_exit(server):
    if _own_metrics_dir:
        shutil.rmtree(_own_metrics_dir, ignore_errors=True)


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
