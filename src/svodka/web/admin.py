"""The admin (``/admin``): log in, add, pause, resume, edit (outlet rules included), poll now and
remove sources, import OPML, see each source's health.

A session is a signed cookie (HttpOnly, SameSite=Strict) naming the user; every form carries a
CSRF token derived from the session (the login form's from a login cookie), checked on every POST.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from typing import Any, get_args

from fastapi import APIRouter, HTTPException, Request
from starlette.datastructures import FormData, UploadFile
from starlette.responses import RedirectResponse, Response

from svodka.records import OutletRules, Source, SourceKind
from svodka.sources.opml import read_opml
from svodka.sources.result import SourceError
from svodka.store.source_edits import SourceEdits
from svodka.store.users import User, Users
from svodka.urls import canonicalize

from .i18n import LANGUAGES
from .pages import site_of
from .render import render
from .security import safe_url
from .throttle import check_login_allowed, login_failed

router = APIRouter(prefix="/admin", include_in_schema=False)

SESSION_COOKIE = "svodka_admin"
LOGIN_COOKIE = "svodka_login"
SECRET = "admin-session"
SESSION_SECONDS = 12 * 3600  # a working day: a stolen cookie does not last
MAX_OPML_BYTES = 5 * 1024 * 1024  # a large OPML of thousands of outlets is under 1 MiB
MAX_RULES = 10_000  # characters of rules JSON: a handful of selectors
KINDS: tuple[str, ...] = get_args(SourceKind)


class LoginRequired(HTTPException):
    def __init__(self) -> None:
        super().__init__(303, "login required", headers={"Location": "/admin/login"})


def _users(request: Request) -> Users:
    return Users(site_of(request).store.engine)


def _mac(request: Request, message: str) -> str:
    key = _users(request).secret(SECRET)
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()


def _session_value(request: Request, user: User, expires: int, nonce: str) -> str:
    body = f"{user.id}.{expires}.{nonce}"
    return f"{body}.{_mac(request, f'session:{body}:{user.password_hash}')}"


def current_user(request: Request) -> User | None:
    """The logged-in user, or None (a bad, expired or outdated cookie is no session)."""
    value = request.cookies.get(SESSION_COOKIE, "")
    parts = value.split(".")
    if len(parts) != 4 or not parts[0].isdigit() or not parts[1].isdigit():
        return None
    if int(parts[1]) < time.time():
        return None
    user = _users(request).get(int(parts[0]))
    if user is None:
        return None
    expected = _session_value(request, user, int(parts[1]), parts[2])
    return user if hmac.compare_digest(expected, value) else None


def csrf_token(request: Request) -> str:
    session = request.cookies.get(SESSION_COOKIE) or request.cookies.get(LOGIN_COOKIE, "")
    return _mac(request, f"csrf:{session}")


async def _checked_form(request: Request) -> FormData:
    """The POSTed form, after its CSRF token is checked (403 when missing or wrong)."""
    form = await request.form()
    given = str(form.get("csrf", ""))
    if not given or not hmac.compare_digest(given, csrf_token(request)):
        raise HTTPException(403, "CSRF token missing or wrong")
    return form


def _page(request: Request, name: str, *, status_code: int = 200, **context: Any) -> Response:
    response = render(request, name, status_code=status_code, csrf=csrf_token(request),
                      **context)
    response.headers["Cache-Control"] = "no-store"
    return response


def _back(path: str = "/admin", note: str | None = None) -> RedirectResponse:
    return RedirectResponse(path + (f"?note={note}" if note else ""), 303)


def _cookie(request: Request, response: Response, name: str, value: str) -> None:
    """HttpOnly, SameSite=Strict, only under /admin, and Secure when the site is on https."""
    secure = str(getattr(request.app.state, "public_base_url", "")).startswith("https://")
    response.set_cookie(name, value, max_age=SESSION_SECONDS, httponly=True, samesite="strict",
                        path="/admin", secure=secure)


# -- login ---------------------------------------------------------------------------------------


@router.get("/login")
def login_page(request: Request) -> Response:
    if LOGIN_COOKIE not in request.cookies:
        # The login form's CSRF token needs a cookie: set one, then show the form.
        response = RedirectResponse("/admin/login", 303)
        _cookie(request, response, LOGIN_COOKIE, secrets.token_urlsafe(16))
        return response
    return _page(request, "admin_login.html", failed=False)


@router.post("/login")
async def login(request: Request) -> Response:
    form = await _checked_form(request)
    check_login_allowed(request)
    user = _users(request).login(str(form.get("name", "")), str(form.get("password", "")))
    if user is None:
        login_failed(request)
        return _page(request, "admin_login.html", failed=True, status_code=401)
    response = _back()
    expires = int(time.time()) + SESSION_SECONDS
    value = _session_value(request, user, expires, secrets.token_urlsafe(12))
    _cookie(request, response, SESSION_COOKIE, value)
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    await _checked_form(request)
    response = RedirectResponse("/admin/login", 303)
    response.delete_cookie(SESSION_COOKIE, path="/admin")
    return response


def _require(request: Request) -> User:
    user = current_user(request)
    if user is None:
        raise LoginRequired()
    return user


# -- sources -------------------------------------------------------------------------------------


@router.get("")
def sources_page(request: Request) -> Response:
    user = _require(request)
    store = site_of(request).store
    states = [store.source_state(s.id) for s in store.sources() if s.id is not None]
    return _page(request, "admin.html", user=user, states=states,
                 note=request.query_params.get("note"), admin_languages=LANGUAGES,
                 kinds=KINDS)


def _source_id(value: str) -> int:
    if not value.isdigit():
        raise HTTPException(404, "no such source")
    return int(value)


def _language(value: str) -> str | None:
    return value if value in LANGUAGES else None


@router.post("/sources")
async def add_source(request: Request) -> Response:
    _require(request)
    form = await _checked_form(request)
    url = safe_url(str(form.get("url", "")).strip())
    if url is None:
        return _back(note="bad_url")
    store = site_of(request).store
    url = canonicalize(url)
    if any(s.url == url for s in store.sources()):
        return _back(note="known_url")
    kind = str(form.get("kind", "auto"))
    store.add_source(Source(url=url, name=str(form.get("name", "")).strip(),
                            kind=kind if kind in KINDS else "auto",  # type: ignore[arg-type]
                            language=_language(str(form.get("language", "")))))
    return _back(note="added")


@router.post("/sources/{source_id}/{action}")
async def source_action(request: Request, source_id: str, action: str) -> Response:
    _require(request)
    await _checked_form(request)
    edits = SourceEdits(site_of(request).store)
    sid = _source_id(source_id)
    done = {
        "pause": lambda: edits.set_enabled(sid, False),
        "resume": lambda: edits.set_enabled(sid, True),
        "poll": lambda: edits.poll_now(sid),
        "remove": lambda: edits.remove(sid),
    }.get(action)
    if done is None or not done():
        raise HTTPException(404, "no such source or action")
    return _back(note=action)


def _state(request: Request, sid: int) -> Any:
    store = site_of(request).store
    if not any(s.id == sid for s in store.sources()):
        raise HTTPException(404, "no such source")
    return store.source_state(sid)


@router.get("/sources/{source_id}")
def edit_page(request: Request, source_id: str) -> Response:
    _require(request)
    state = _state(request, _source_id(source_id))
    rules = state.source.rules.to_json() if state.source.rules else ""
    return _page(request, "admin_source.html", state=state, rules=rules, problems=[],
                 admin_languages=LANGUAGES)


def parse_rules(text: str) -> tuple[OutletRules | None, list[str]]:
    """Rules from the form's JSON, or the reasons they are refused."""
    text = text.strip()
    if not text:
        return None, []
    if len(text) > MAX_RULES:
        return None, [f"rules longer than {MAX_RULES} characters"]
    try:
        rules = OutletRules.from_json(text)
    except ValueError as exc:
        return None, [str(exc).splitlines()[0] if str(exc) else "not valid JSON"]
    return rules, rules.problems()


@router.post("/sources/{source_id}")
async def edit(request: Request, source_id: str) -> Response:
    _require(request)
    form = await _checked_form(request)
    state = _state(request, _source_id(source_id))
    text = str(form.get("rules", ""))
    rules, problems = parse_rules(text)
    if problems:
        return _page(request, "admin_source.html", state=state, rules=text, problems=problems,
                     admin_languages=LANGUAGES, status_code=400)
    SourceEdits(site_of(request).store).edit(
        state.source.id, name=str(form.get("name", "")).strip(),
        language=_language(str(form.get("language", ""))), rules=rules)
    return _back(note="saved")


@router.post("/import")
async def import_opml(request: Request) -> Response:
    _require(request)
    form = await _checked_form(request)
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        return _back(note="bad_opml")
    data = await upload.read(MAX_OPML_BYTES + 1)
    if len(data) > MAX_OPML_BYTES:
        return _back(note="bad_opml")
    try:
        found = read_opml(data)
    except (SourceError, ValueError):
        return _back(note="bad_opml")
    if not found:
        return _back(note="bad_opml")
    site_of(request).store.add_sources(found)
    return _back(note="imported")
