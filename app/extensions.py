"""Flask extensions, created unbound; ``create_app`` binds them with ``init_app``."""

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_mail import Mail
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

from app.models.base import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
csrf = CSRFProtect()
mail = Mail()
babel = Babel()
# The console's signed-in team members (app.console.access loads them).
login_manager = LoginManager()
# Off: a session ends through the member's session generation (app.console.access), and
# Flask-Login's protection would write "_fresh" into every other session it sees (the
# candidates'), re-sending their cookie on every page.
login_manager.session_protection = None
# No default limits: each limit is declared where it applies (app.web.rate_limits).
limiter = Limiter(key_func=get_remote_address)

