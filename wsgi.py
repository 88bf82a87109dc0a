"""The WSGI entry point for gunicorn: ``gunicorn wsgi:app``.

Served this way Assay defaults to production settings (HTTPS required, secret key
required); set ASSAY_ENV=development to serve a local copy with gunicorn.
"""

import os
import sys

os.environ.setdefault("ASSAY_ENV", "production")

from app import create_app
from app.config import ConfigError

try:
    app = create_app()
except ConfigError as error:
    print(f"Error: {error}", file=sys.stderr)
    sys.exit(2)
