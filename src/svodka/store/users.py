"""Users, their passwords (scrypt with a per-user salt), each user's read and starred articles,
and the site's signing secrets."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    and_,
    exists,
    false,
    func,
    insert,
    literal,
    select,
    true,
    update,
)
from sqlalchemy.exc import IntegrityError

from svodka.store import schema as t

# scrypt at n=2**14, r=8: 16 MiB and tens of milliseconds per check (OWASP's minimum).
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SALT_BYTES = 16
MAX_NAME = 100  # the column's width
MIN_PASSWORD = 8  # shorter passwords fall to a guessing run in hours
SQL_IN_CHUNK = 500  # values per IN (...) list: well under SQLite's and PostgreSQL's limits

metadata = MetaData()
users = Table(
    "users", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(MAX_NAME), nullable=False, unique=True),
    Column("password_hash", Text, nullable=False),
    Column("fever_key", String(32), nullable=False),  # md5("name:password"), as Fever asks
    Column("created_at", DateTime(timezone=True), nullable=False),
)
user_items = Table(
    "user_items", metadata,
    Column("user_id", Integer, primary_key=True),
    Column("article_id", Integer, primary_key=True),
    Column("is_read", Boolean, nullable=False),
    Column("is_starred", Boolean, nullable=False),
)
site_secrets = Table(
    "site_secrets", metadata,
    Column("name", String(50), primary_key=True),
    Column("value", String(200), nullable=False),
)


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(SALT_BYTES)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def check_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches ``stored`` (compared in constant time)."""
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        got = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r),
                             p=int(p))
    except ValueError:
        return False
    return kind == "scrypt" and hmac.compare_digest(got.hex(), digest)


def fever_key(name: str, password: str) -> str:
    return hashlib.md5(f"{name}:{password}".encode()).hexdigest()  # noqa: S324 - Fever's scheme


@cache
def _dummy_hash() -> str:
    """Checked when the name is unknown, so that a wrong name costs as long as a wrong password."""
    return hash_password(secrets.token_hex(8))


@dataclass(frozen=True, slots=True)
class User:
    id: int
    name: str
    password_hash: str


class Users:
    """Accounts and the site's secrets."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def add(self, name: str, password: str) -> User:
        """A new user; ValueError (one line) when the name or password will not do."""
        name = name.strip()
        if not name or len(name) > MAX_NAME or any(c.isspace() or c == ":" for c in name):
            raise ValueError(f"a user name is 1 to {MAX_NAME} characters, no spaces or ':'")
        if len(password) < MIN_PASSWORD:
            raise ValueError(f"a password has at least {MIN_PASSWORD} characters")
        hashed = hash_password(password)
        try:
            with self.engine.begin() as c:
                uid = c.execute(insert(users).values(
                    name=name, password_hash=hashed, fever_key=fever_key(name, password),
                    created_at=datetime.now(UTC)).returning(users.c.id)).scalar_one()
        except IntegrityError:
            raise ValueError(f"user {name!r} exists already") from None
        return User(uid, name, hashed)

    def _one(self, where: Any) -> User | None:
        with self.engine.connect() as c:
            r = c.execute(select(users).where(where)).first()
        return User(r.id, r.name, r.password_hash) if r is not None else None

    def get(self, user_id: int) -> User | None:
        return self._one(users.c.id == user_id)

    def by_name(self, name: str) -> User | None:
        return self._one(users.c.name == name)

    def login(self, name: str, password: str) -> User | None:
        """The user with that name and password, or None."""
        user = self.by_name(name)
        ok = check_password(password, user.password_hash if user else _dummy_hash())
        return user if ok and user is not None else None

    def by_fever_key(self, key: str) -> User | None:
        with self.engine.connect() as c:
            rows = c.execute(select(users.c.id, users.c.fever_key)).all()
        found = [r.id for r in rows if hmac.compare_digest(r.fever_key, key.lower())]
        return self.get(found[0]) if found else None

    def secret(self, name: str) -> bytes:
        """The site's secret ``name``, made on first use and kept in the database."""
        with self.engine.begin() as c:
            value = c.scalar(select(site_secrets.c.value).where(site_secrets.c.name == name))
        if value is None:
            try:
                with self.engine.begin() as c:
                    c.execute(insert(site_secrets).values(name=name, value=secrets.token_hex(32)))
            except IntegrityError:
                pass  # another process made it first
            return self.secret(name)
        return bytes.fromhex(value)


@dataclass(frozen=True, slots=True)
class ItemQuery:
    """Which articles a reader app asks for: a feed, a language, unread or starred only, an id
    window, newest or oldest first."""

    source_id: int | None = None
    language: str | None = None
    unread: bool = False
    starred: bool = False
    read: bool = False
    after_id: int | None = None
    before_id: int | None = None
    newer_than: datetime | None = None
    older_than: datetime | None = None
    oldest_first: bool = False


def item_conditions(q: ItemQuery, *, mine: Any, is_read: Any, is_starred: Any, item_id: Any,
                    when: Any) -> list[Any]:
    """The conditions of ``q`` that every kind of reader item shares: read state (``mine``
    selects the user's state row), id range and time range, over the given columns."""
    conds: list[Any] = []
    if q.unread:
        conds.append(~exists().where(mine, is_read.is_(True)))
    if q.read:
        conds.append(exists().where(mine, is_read.is_(True)))
    if q.starred:
        conds.append(exists().where(mine, is_starred.is_(True)))
    if q.after_id is not None:
        conds.append(item_id > q.after_id)
    if q.before_id is not None:
        conds.append(item_id < q.before_id)
    if q.newer_than is not None:
        conds.append(when >= q.newer_than)
    if q.older_than is not None:
        conds.append(when <= q.older_than)
    return conds


class ReaderState:
    """Each user's read and starred articles (an article without a row is unread, unstarred)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def _where(self, user_id: int, q: ItemQuery) -> Any:
        a, ui = t.articles.c, user_items.c
        conds: list[Any] = [a.is_news.is_(True)]
        for col, value in ((a.source_id, q.source_id), (a.language, q.language)):
            if value is not None:
                conds.append(col == value)
        mine = and_(ui.user_id == user_id, ui.article_id == a.id)
        return and_(*conds, *item_conditions(q, mine=mine, is_read=ui.is_read,
                                             is_starred=ui.is_starred, item_id=a.id,
                                             when=a.fetched_at))

    def ids(self, user_id: int, q: ItemQuery, *, limit: int, offset: int = 0) -> list[int]:
        """Article ids by id (the order they were stored in), newest first unless asked."""
        a = t.articles.c
        order = a.id.asc() if q.oldest_first else a.id.desc()
        with self.engine.connect() as c:
            return list(c.scalars(select(a.id).where(self._where(user_id, q))
                                  .order_by(order).limit(limit).offset(offset)))

    def count(self, user_id: int, q: ItemQuery) -> int:
        with self.engine.connect() as c:
            return int(c.scalar(select(func.count()).select_from(t.articles)
                                .where(self._where(user_id, q))) or 0)

    def unread_by_source(self, user_id: int) -> dict[int, tuple[int, datetime | None]]:
        """{source id: (unread articles, the newest one's fetch time)}."""
        a = t.articles.c
        q = (select(a.source_id, func.count(), func.max(a.fetched_at))
             .where(self._where(user_id, ItemQuery(unread=True))).group_by(a.source_id))
        with self.engine.connect() as c:
            return {r[0]: (int(r[1]), r[2]) for r in c.execute(q)}

    def states(self, user_id: int, ids: Iterable[int]) -> dict[int, tuple[bool, bool]]:
        """{article id: (read, starred)} for those with a row."""
        ids = list(ids)
        out: dict[int, tuple[bool, bool]] = {}
        ui = user_items.c
        with self.engine.connect() as c:
            for i in range(0, len(ids), SQL_IN_CHUNK):
                for r in c.execute(select(ui.article_id, ui.is_read, ui.is_starred).where(
                        ui.user_id == user_id, ui.article_id.in_(ids[i:i + SQL_IN_CHUNK]))):
                    out[r.article_id] = (bool(r.is_read), bool(r.is_starred))
        return out

    def mark(self, user_id: int, ids: Iterable[int], *, read: bool | None = None,
             starred: bool | None = None) -> int:
        """Set read and/or starred on existing articles; returns how many were found."""
        ids = sorted(set(ids))
        ui = user_items.c
        with self.engine.begin() as c:
            known = set()
            for i in range(0, len(ids), SQL_IN_CHUNK):
                known |= set(c.scalars(select(t.articles.c.id).where(
                    t.articles.c.id.in_(ids[i:i + SQL_IN_CHUNK]))))
            have = set()
            for i in range(0, len(ids), SQL_IN_CHUNK):
                have |= set(c.scalars(select(ui.article_id).where(
                    ui.user_id == user_id, ui.article_id.in_(ids[i:i + SQL_IN_CHUNK]))))
            values = {k: v for k, v in (("is_read", read), ("is_starred", starred))
                      if v is not None}
            fresh = [{"user_id": user_id, "article_id": i, "is_read": bool(read),
                      "is_starred": bool(starred)} for i in sorted(known - have)]
            if fresh:
                c.execute(insert(user_items), fresh)
            old = sorted(known & have)
            for i in range(0, len(old), SQL_IN_CHUNK):
                if values:
                    c.execute(update(user_items).where(
                        ui.user_id == user_id, ui.article_id.in_(old[i:i + SQL_IN_CHUNK]))
                        .values(**values))
        return len(known)

    def mark_all_read(self, user_id: int, q: ItemQuery) -> int:
        """Mark every unread article ``q`` selects as read; returns how many."""
        a, ui = t.articles.c, user_items.c
        where = self._where(user_id, replace(q, unread=True))
        mine = and_(ui.user_id == user_id, ui.article_id == a.id)
        with self.engine.begin() as c:
            n = c.execute(update(user_items).where(
                ui.user_id == user_id, ui.is_read.is_(False),
                ui.article_id.in_(select(a.id).where(where)))
                .values(is_read=True)).rowcount or 0
            n += c.execute(insert(user_items).from_select(
                ["user_id", "article_id", "is_read", "is_starred"],
                select(literal(user_id, Integer), a.id, true(), false())
                .where(where, ~exists().where(mine)))).rowcount or 0
        return n

