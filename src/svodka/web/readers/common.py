"""What both reader APIs share: the user store, the signing secret, items' text and links."""

from __future__ import annotations

import hashlib
import hmac
import html

from fastapi import Request
from starlette.datastructures import FormData

from svodka.records import Source, StoredArticle
from svodka.store.users import ReaderState, User, Users

from ..pages import site_of
from ..security import public_url, safe_url

TOKEN_SECRET = "reader-token"
# Folders are the outlets' languages, in this order (Fever wants numeric group ids).
LANGUAGES = ("uk", "ru", "en")


async def all_params(request: Request) -> FormData:
    """Query and form parameters together (apps send either), repeated keys kept."""
    form = await request.form() if request.method == "POST" else FormData()
    return FormData([*request.query_params.multi_items(), *form.multi_items()])


def users_of(request: Request) -> Users:
    return Users(site_of(request).store.engine)


def state_of(request: Request) -> ReaderState:
    return ReaderState(site_of(request).store.engine)


def sources_of(request: Request) -> list[Source]:
    return [s for s in site_of(request).store.sources() if s.id is not None]


def sign(users: Users, user: User, purpose: str) -> str:
    """A token for ``user`` that a password change invalidates."""
    key = users.secret(TOKEN_SECRET)
    mac = hmac.new(key, f"{purpose}:{user.id}:{user.password_hash}".encode(), hashlib.sha256)
    return f"{user.id}/{mac.hexdigest()}"


def check_signed(users: Users, token: str, purpose: str) -> User | None:
    uid, _, _ = token.partition("/")
    user = users.get(int(uid)) if uid.isdigit() else None
    if user is None or not hmac.compare_digest(sign(users, user, purpose), token):
        return None
    return user


def item_html(a: StoredArticle) -> str:
    """The article's text as paragraphs, every character escaped."""
    art = a.article
    parts = ([art.lead] if art.lead else []) + [p for p in art.paragraphs if p != art.lead]
    return "".join(f"<p>{html.escape(p)}</p>" for p in parts)


def item_link(request: Request, a: StoredArticle) -> str:
    """The outlet's page when it is http(s), else svodka's copy."""
    return safe_url(a.article.url) or public_url(request, f"/articles/{a.id}") or ""


def source_site(s: Source) -> str:
    return safe_url(s.homepage) or safe_url(s.url) or ""
