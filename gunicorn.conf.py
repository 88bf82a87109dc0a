"""gunicorn's settings for Assay, read by default when gunicorn starts in this folder.

    gunicorn wsgi:app                       # these settings
    gunicorn --bind 0.0.0.0:8000 wsgi:app   # command-line options override them

Every value can also be set with GUNICORN_CMD_ARGS. The access log never holds a secret:
no Basic-auth user (the Greenhouse key), candidate links and results signatures redacted
(app.web.access_log), and the app's own log lines go through the same redaction.
"""

from __future__ import annotations

import os

bind = os.environ.get("ASSAY_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("ASSAY_WEB_WORKERS", "2"))
threads = int(os.environ.get("ASSAY_WEB_THREADS", "4"))
worker_class = "gthread"
timeout = 30
graceful_timeout = 30
# gunicorn 23+ opens a control socket at one path per user by default: two Assay web
# servers on one machine (or a test beside the demo) would share it.
control_socket_disable = True

logger_class = "app.web.access_log.RedactingAccessLogger"
accesslog = "-"
# Apache's combined format without the user (%(u)s), the Referer or the raw URI atoms;
# the request line is redacted by the logger class.
access_log_format = '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
errorlog = "-"
loglevel = "info"
