"""gunicorn settings for VFM Hub (`make serve`; see docs/deployment.md).

Use with `gunicorn vfmhub.wsgi --config python:vfmhub.gunicorn_conf`. Command-line options, such
as `--bind` and `--workers`, override these.
"""

import gunicorn
import gunicorn.http.wsgi

from vfmhub.core.heap import freeze_long_lived

# Every response's Server header names the site, not the server software: a version (older gunicorn
# sent "gunicorn/19.9.0") tells a scanner which published flaws to try. gunicorn has no setting for
# the header; its responses read this module global when they are made.
SERVER_HEADER = "VFM Hub"
gunicorn.SERVER = SERVER_HEADER
gunicorn.http.wsgi.SERVER = SERVER_HEADER  # type: ignore[attr-defined]

wsgi_app = "vfmhub.wsgi"

# The longest request line (method, path and query) gunicorn accepts: its maximum. Longer ones get
# 414, documented on every API operation (vfmhub/api/openapi.py).
limit_request_line = 8190


def post_worker_init(worker) -> None:
    """Each worker, once it has loaded the service: its long-lived objects out of the garbage
    collector's full passes (vfmhub/core/heap.py)."""
    freeze_long_lived()
