"""Jinja2 rendering with the interface language, safe headers and the language cookie."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import urlencode, urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined
from starlette.requests import Request
from starlette.responses import HTMLResponse

from .i18n import CATEGORIES, LANGUAGES, choose_language

# No scripts at all; images and styles only from the site itself.
CSP = ("default-src 'none'; img-src 'self' data:; style-src 'self'; form-action 'self'; "
       "base-uri 'none'; frame-ancestors 'none'")
LANG_COOKIE = "lang"
ONE_YEAR = 365 * 24 * 3600


@lru_cache(maxsize=1)
def static_version() -> str:
    """A short hash of the stylesheet, so browsers fetch it again after an upgrade."""
    css = resources.files("svodka.web").joinpath("static", "site.css").read_bytes()
    return hashlib.sha256(css).hexdigest()[:10]


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("svodka.web", "templates"),
        autoescape=True,  # every value is escaped; article text is plain text, never markup
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["weblink"] = weblink
    env.globals["static_version"] = static_version()
    return env


def weblink(url: str | None) -> str:
    """``url`` if it is an http(s) URL a reader may follow, else "" (no javascript: links)."""
    if not url:
        return ""
    scheme = urlsplit(url.strip()).scheme.lower()
    return url.strip() if scheme in ("http", "https") else ""


def request_language(request: Request) -> str:
    return choose_language(request.query_params.get("lang"), request.cookies.get(LANG_COOKIE),
                           request.headers.get("accept-language"))


def url_with(request: Request, **params: Any) -> str:
    """The current path with some query parameters replaced (None drops one)."""
    query = dict(request.query_params)
    for k, v in params.items():
        if v is None:
            query.pop(k, None)
        else:
            query[k] = str(v)
    return request.url.path + ("?" + urlencode(query) if query else "")


def render(request: Request, name: str, *, status_code: int = 200, **context: Any) -> HTMLResponse:
    site = request.app.state.site
    lang = request_language(request)
    fmt = site.formatter(lang)
    html = environment().get_template(name).render(
        request=request, fmt=fmt, lang=lang, languages=LANGUAGES,
        nav_categories=CATEGORIES[:-1], current_category=request.query_params.get("category"),
        url_with=lambda **p: url_with(request, **p), **context)
    response = HTMLResponse(html, status_code=status_code)
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    response.headers["Vary"] = "Accept-Language, Cookie"
    if request.query_params.get("lang") == lang:
        response.set_cookie(LANG_COOKIE, lang, max_age=ONE_YEAR, samesite="lax", httponly=True)
    return response
