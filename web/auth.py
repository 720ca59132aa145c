"""Accounts: register, log in and out, change password, API tokens, export, import, delete.

Sessions are Flask-Login sessions in a signed cookie. The id kept in the cookie is
``<learner id>.<session version>.<fingerprint of the password hash>``: logging out or
changing the password bumps the learner's session version in the database, so every
session of that learner (in any browser) stops matching at its next request; a deleted
and re-created account gets a new hash, so an old cookie never opens the new one.

Logging out, changing the password and deleting the account also revoke every API token
of the learner: "log out" means "log me out everywhere", scripts included (a script gets
a new token with ``POST /api/v1/tokens``). The one-click demo learners are shared, so
logging out of one ends only that browser's session.

No enumeration: a wrong password and an unknown name get the same answer, after the
same scrypt work (see :mod:`.credentials`). Registration cannot hide that a name is
taken (the visitor has to pick another), so each refused taken name counts as a failure
of the visitor's address in the log-in throttle: probing for names is as slow as
guessing passwords.
"""

from __future__ import annotations

import contextlib
import hashlib
import json

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import (
    LoginManager,
    UserMixin,
    current_user,
    login_required,
    login_url,
    login_user,
)
from flask_login import logout_user as _logout_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Optional, Regexp, ValidationError

from learnpath.errors import LearnpathError
from learnpath.learner import import_learner, reset_to_seed
from learnpath.store import InvalidLearnerDataError, LearnerExistsError
from learnpath.store.formats import check_email

from .common import demo_learners, demo_seeds
from .credentials import check_login, hash_password, password_matches, throttle
from .errors import ApiError
from .services import services

__all__ = ["bp", "init_app", "User", "hash_password"]

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message_category = "info"
login_manager.session_protection = "basic"

#: What a logged-out visitor was trying to see, by endpoint ("Please log in to see ...").
_WANTED = {"auth.account": "your account", "auth.export_data": "your data"}


@login_manager.unauthorized_handler
def _please_log_in():
    """To the log-in page, saying what it opens ("your plan", "your account"...)."""
    endpoint = request.endpoint or ""
    wanted = _WANTED.get(endpoint) or ("your plan" if endpoint.startswith("pages.") else None)
    flash(f"Please log in to see {wanted or 'this page'}.", "info")
    return redirect(login_url(login_manager.login_view, next_url=request.url))


def _fingerprint(account) -> str:
    basis = account.password_hash or f"demo:{account.name}"
    return hashlib.sha256(basis.encode()).hexdigest()[:16]


class User(UserMixin):
    """The logged-in learner (an account row, read at every request)."""

    def __init__(self, account):
        self.account = account

    @property
    def name(self) -> str:
        return self.account.name

    @property
    def is_demo(self) -> bool:
        """A one-click demo learner (no password): shared by every visitor."""
        return self.account.password_hash is None

    def get_id(self) -> str:
        a = self.account
        return f"{a.id}.{a.session_version}.{_fingerprint(a)}"


@login_manager.user_loader
def _load_user(user_id: str):
    try:
        lid, version, fp = user_id.split(".")
        account = services().accounts.get_by_id(int(lid))
    except (ValueError, AttributeError):
        return None
    if account is None or str(account.session_version) != version or _fingerprint(account) != fp:
        return None
    return User(account)


def init_app(app) -> None:
    login_manager.init_app(app)


def _log_in(account) -> None:
    """Start a fresh session for ``account`` (no fixation: the old session is dropped).

    Skills picked before logging in become the learner's when they had none; otherwise
    they wait in the session (``pending_skills``) and every page offers to add them.
    """
    keep = session.get("skills")
    session.clear()
    login_user(User(account))
    session.permanent = True
    if not keep:
        return
    store = services().store
    held = {i.id for i in store.list_skills(account.name)}
    if not held:
        with contextlib.suppress(LearnpathError):  # picked before logging in: now theirs
            store.add_skills(account.name, keep)
            picked = (
                "The skill you picked" if len(keep) == 1 else f"The {len(keep)} skills you picked"
            )
            verb = "is" if len(keep) == 1 else "are"
            flash(f"{picked} before logging in {verb} now saved with your account.", "success")
    elif set(keep) - held:
        session["pending_skills"] = sorted(set(keep) - held)


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("pages.niches")


# ---------------------------------------------------------------------- forms

_PW_RULE = "Use at least 8 characters (and at most 200)."

_name_rules = [
    DataRequired(),
    Length(max=100),
    Regexp(r"^[^\s,][^,]*$", message="No commas, and no spaces at the start."),
]


def _email_rule(form, field) -> None:
    """The store's rule for addresses, checked with the other fields (on the first submit)."""
    try:
        check_email(field.data)
    except InvalidLearnerDataError:
        raise ValidationError(
            "Enter an email address like name@example.org, or leave it empty."
        ) from None


class RegisterForm(FlaskForm):
    name = StringField("Learner name", validators=_name_rules)
    email = StringField("Email (optional)", validators=[Optional(), Length(max=254), _email_rule])
    password = PasswordField(
        "Password", validators=[DataRequired(), Length(min=8, max=200, message=_PW_RULE)]
    )
    confirm = PasswordField(
        "Repeat the password",
        validators=[DataRequired(), EqualTo("password", message="The passwords differ.")],
    )


class LoginForm(FlaskForm):
    name = StringField("Learner name", validators=[DataRequired(), Length(max=100)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])
    next = HiddenField()


class PasswordForm(FlaskForm):
    current = PasswordField("Current password", validators=[DataRequired(), Length(max=200)])
    new = PasswordField(
        "New password", validators=[DataRequired(), Length(min=8, max=200, message=_PW_RULE)]
    )
    confirm = PasswordField(
        "Repeat the new password",
        validators=[DataRequired(), EqualTo("new", message="The passwords differ.")],
    )


class TokenForm(FlaskForm):
    label = StringField("Token name", validators=[DataRequired(), Length(max=100)])


class ImportForm(FlaskForm):
    file = FileField("Export file (JSON)", validators=[FileRequired()])


class DeleteForm(FlaskForm):
    confirm_name = StringField("Type your learner name to confirm", validators=[DataRequired()])
    password = PasswordField("Password", validators=[Optional(), Length(max=200)])


# ---------------------------------------------------------------------- views


@bp.route("/register", methods=["GET", "POST"])
def register():
    if not current_app.config.get("OPEN_REGISTRATION"):
        abort(404)
    form = RegisterForm()
    if form.validate_on_submit():
        address = request.remote_addr or "?"
        wait = throttle().retry_after("", address)
        if wait:
            raise ApiError(
                429,
                f"Too many attempts from your address: try again in {wait} seconds.",
                headers={"Retry-After": str(wait)},
            )
        try:
            account = services().accounts.create(
                form.name.data, hash_password(form.password.data), form.email.data or None
            )
        except LearnerExistsError:
            # unavoidable to say (pick another name), but probing for names is throttled
            # like guessing passwords: it counts against the address
            throttle().failed_address(address)
            form.name.errors.append("This name is taken: choose another one.")
        except InvalidLearnerDataError as exc:
            field = form.email if "email" in str(exc) else form.name
            field.errors.append(str(exc))
        else:
            _log_in(account)
            flash(f"Welcome, {account.name}! Your account is ready.", "success")
            return redirect(url_for("pages.start"))
    status = 422 if form.errors else 200
    return render_template("register.html", form=form), status


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        account = check_login(form.name.data, form.password.data)
        if account is not None:
            _log_in(account)
            flash(f"Logged in as {account.name}.", "success")
            return redirect(_safe_next(form.next.data))
        form.password.errors.append("Wrong learner name or password.")
        return render_template("login.html", form=form), 401
    status = 422 if form.errors else 200
    return render_template("login.html", form=form), status


@bp.route("/demo/<name>", methods=["POST"])
def demo_login(name: str):
    if name not in demo_learners():
        abort(404)
    # shared by every visitor, so each log-in starts it afresh from the seed file
    reset_to_seed(services().store, demo_seeds(), name)
    _log_in(services().accounts.get(name))
    flash(f"You are exploring as the demo learner {name}, back at its starting point.", "success")
    return redirect(url_for("pages.plan"))


@bp.route("/logout", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        account = current_user.account
        if account.password_hash is not None:  # demo learners are shared: end only this one
            services().accounts.end_sessions(account.name)  # every session and API token
    _logout_user()
    session.clear()
    flash("You are logged out.", "info")
    return redirect(url_for("pages.start"))


def _account_page(status: int = 200, **forms):
    name = current_user.name
    context = {
        "password_form": forms.get("password_form") or PasswordForm(formdata=None),
        "token_form": forms.get("token_form") or TokenForm(formdata=None),
        "import_form": forms.get("import_form") or ImportForm(formdata=None),
        "delete_form": forms.get("delete_form") or DeleteForm(formdata=None),
        "new_token": forms.get("new_token"),
        "tokens": services().accounts.list_tokens(name),
        "summary": services().store.get_learner(name),
        "has_password": current_user.account.password_hash is not None,
    }
    return render_template("account.html", **context), status


@bp.route("/account")
@login_required
def account():
    return _account_page()


@bp.route("/account/password", methods=["POST"])
@login_required
def change_password():
    form = PasswordForm()
    if form.validate_on_submit():
        if not password_matches(current_user.account, form.current.data):
            form.current.errors.append("That is not your current password.")
            return _account_page(401, password_form=form)
        account = services().accounts.set_password_hash(
            current_user.name, hash_password(form.new.data)
        )
        _log_in(account)  # this session goes on; every other one (and every token) ends
        flash("Password changed. Your other sessions and API tokens have ended.", "success")
        return redirect(url_for("auth.account"))
    return _account_page(422, password_form=form)


@bp.route("/account/tokens", methods=["POST"])
@login_required
def create_token():
    form = TokenForm()
    if form.validate_on_submit():
        token = services().accounts.create_token(current_user.name, form.label.data)
        return _account_page(201, new_token=token)
    return _account_page(422, token_form=form)


@bp.route("/account/tokens/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke_token(token_id: int):
    if not services().accounts.revoke_token(current_user.name, token_id):
        abort(404)
    flash("Token revoked.", "success")
    return redirect(url_for("auth.account"))


@bp.route("/account/export.json")
@login_required
def export_data():
    data = services().store.export_learner(current_user.name)
    # everything stored about them: the learner file (importable anywhere) and what the
    # account keeps besides (when each item was recorded, API token names and dates);
    # never a secret (the password and token hashes stay in the database)
    data["account"] = services().accounts.record(current_user.name)
    body = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return current_app.response_class(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="learnpath-{_file_safe()}.json"'},
    )


def _file_safe() -> str:
    return "".join(c if c.isalnum() or c in "-_." else "-" for c in current_user.name)[:60]


@bp.route("/account/import", methods=["POST"])
@login_required
def import_data():
    form = ImportForm()
    if not form.validate_on_submit():
        return _account_page(422, import_form=form)
    raw = form.file.data.read()
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        form.file.errors.append("This file is not a learnpath JSON export.")
        return _account_page(400, import_form=form)
    try:
        import_learner(services().store, data, name=current_user.name)
    except LearnpathError as exc:
        form.file.errors.append(str(exc))
        return _account_page(422, import_form=form)
    flash("Imported: your skills, goals and completions now come from that file.", "success")
    return redirect(url_for("auth.account"))


@bp.route("/account/delete", methods=["POST"])
@login_required
def delete_account():
    form = DeleteForm()
    account = current_user.account
    if form.validate_on_submit():
        if form.confirm_name.data != account.name:
            form.confirm_name.errors.append("That is not your learner name.")
        elif account.password_hash is None:
            form.confirm_name.errors.append("Demo learners cannot be deleted from the web.")
        elif not password_matches(account, form.password.data or ""):
            form.password.errors.append("Wrong password.")
        else:
            services().accounts.delete(account.name)
            _logout_user()
            session.clear()
            flash("Your account and all your progress are deleted.", "info")
            return redirect(url_for("pages.start"))
    return _account_page(422, delete_form=form)
