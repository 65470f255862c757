"""gunicorn's settings for the portal; systemd starts one instance per port with
`--bind 127.0.0.1:<port>` (deploy/systemd/muutostuki-web@.service).

GUNICORN_WORKERS (default 3) sets the worker processes of an instance. With
PORTAL_LOG_FORMAT=json gunicorn's own lines, the access log included, are JSON as the
portal's are.
"""

import os

workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
# Sync workers: one request at a time each, behind nginx's buffering.
worker_class = "sync"
timeout = 60
graceful_timeout = 30
# Recycle workers now and then, with jitter so that they do not all restart at once.
max_requests = 2000
max_requests_jitter = 200
# nginx on this machine sets X-Forwarded-Proto.
forwarded_allow_ips = "127.0.0.1,::1"
accesslog = "-"
errorlog = "-"
access_log_format = '%({x-forwarded-for}i)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'

if os.environ.get("PORTAL_LOG_FORMAT") == "json":
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "portal.monitoring.JsonFormatter"}},
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": "json"}
        },
        "loggers": {
            "gunicorn.error": {"handlers": ["console"], "level": "INFO"},
            "gunicorn.access": {"handlers": ["console"], "level": "INFO"},
        },
    }
