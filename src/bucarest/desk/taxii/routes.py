"""The TAXII 2.1 endpoints, on the app's server under ``/taxii2/``.

Example::

    >>> from fastapi.testclient import TestClient
    >>> from bucarest.app import create_app
    >>> r = TestClient(create_app("sqlite:///:memory:")).get("/taxii2/")
    >>> r.status_code, r.headers["www-authenticate"], r.json()["title"]
    (401, 'Basic realm="bucarest"', 'Unauthorized')

Endpoints (TAXII 2.1, OASIS Standard, 10 June 2021), all behind HTTP Basic (a user name
with a password or one of its tokens) or a Bearer token:

* ``GET /taxii2/`` discovery; ``GET /taxii2/desk/`` the one API root;
* ``GET /taxii2/desk/status/<id>/`` a status resource (its poster's only);
* ``GET /taxii2/desk/collections/`` and ``…/collections/<id>/``: the sharing communities
  of :mod:`bucarest.desk.taxii.collections` the principal may read or write;
* ``GET`` and ``POST …/collections/<id>/objects/``; ``GET`` and ``DELETE
  …/objects/<object-id>/``; ``GET …/objects/<object-id>/versions/``;
  ``GET …/collections/<id>/manifest/``.

Every answer is ``application/taxii+json;version=2.1``; every failure a TAXII error
resource (:mod:`bucarest.desk.taxii.errors`), never the app's JSON error body. A request is
one unit of work: a failure rolls it back, and its audit entries are kept either way.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.routing import Match

from bucarest.core.errors import (
    N_,
    AuthenticationError,
    BucarestError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    StoreError,
)
from bucarest.core.i18n import gettext
from bucarest.core.identity import Principal
from bucarest.desk.store.records import Desk
from bucarest.desk.taxii import store
from bucarest.desk.taxii.collections import COLLECTIONS, Access, Community, access, by_id
from bucarest.desk.taxii.envelopes import (
    MEDIA_STIX,
    accepts,
    is_taxii_body,
    parse_filters,
    parse_limit,
    taxii_timestamp,
)
from bucarest.desk.taxii.errors import (
    MEDIA_TAXII,
    MethodNotAllowedError,
    NotAcceptableError,
    PayloadTooLargeError,
    UnsupportedMediaTypeError,
    error_response,
)
from bucarest.desk.taxii.validation import Checked, check_objects
from bucarest.platform.database import utc_now
from bucarest.platform.http import client_address, credentials_principal, pick_lang

__all__ = ["API_ROOT", "MAX_CONTENT_LENGTH", "TaxiiState", "install_taxii", "router"]

#: The path of the one API root.
API_ROOT = "/taxii2/desk/"

#: The largest request body the API root takes (bytes).
MAX_CONTENT_LENGTH = 10 * 1024 * 1024

_COLLECTION = API_ROOT + "collections/{collection_id}/"
_OBJECT = _COLLECTION + "objects/{object_id}/"

router = APIRouter(include_in_schema=False)


@dataclass
class TaxiiState:
    """Per-app settings and state: the size limit, the clock (tests move it) and the
    desk's cursor secret once read. Nothing here orders writes: ``date_added`` comes from
    the database, under the collection's write lock (:func:`store.take_stamps`)."""

    max_content_length: int = MAX_CONTENT_LENGTH
    now: Callable[[], datetime] = utc_now
    secret: bytes | None = None


def install_taxii(app: FastAPI, max_content_length: int = MAX_CONTENT_LENGTH) -> None:
    """Serve TAXII 2.1 under ``/taxii2/`` on ``app`` (which holds ``state.db`` and
    ``state.registry_cache``)."""
    app.state.taxii = TaxiiState(max_content_length=max_content_length)
    app.include_router(router)


# --- plumbing ---------------------------------------------------------------------------


def _state(request: Request) -> TaxiiState:
    state: TaxiiState = request.app.state.taxii
    return state


def _lang(request: Request) -> str:
    return pick_lang(request, None)


def _json(
    body: dict[str, Any], status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    return JSONResponse(body, status_code=status, headers=headers, media_type=MEDIA_TAXII)


def _failure(request: Request, exc: Exception) -> Response:
    if isinstance(exc, BucarestError):
        return error_response(exc, _lang(request))
    err = StoreError(N_("the database cannot be used ({reason})"), reason=type(exc).__name__)
    return error_response(err, _lang(request))


def _new_desk(request: Request, s: Session) -> Desk:
    """The desk over session ``s``, with this app's clock and cursor secret."""
    state = _state(request)
    reg = request.app.state.registry_cache.get(s)
    return Desk(s, reg, request.app.state.db, now=state.now, secret=state.secret)


@contextmanager
def _desk(request: Request) -> Iterator[tuple[Desk, Principal]]:
    """One unit of work with the desk, and the authenticated principal (401 otherwise)."""
    state = _state(request)
    db = request.app.state.db
    with db.session() as s:
        desk = _new_desk(request, s)
        state.secret = desk.secret
        header = request.headers.get("authorization")
        if not header:
            raise AuthenticationError(
                N_("TAXII needs credentials; expected HTTP Basic or a Bearer token")
            )
        yield desk, credentials_principal(desk.accounts, header, client_address(request))


def _call(request: Request, work: Callable[[Desk, Principal], Response]) -> Response:
    """Run ``work`` in a unit of work after authentication and content negotiation;
    any failure becomes a TAXII error resource (and rolls the work back)."""
    try:
        with _desk(request) as (desk, p):
            _check_accept(request)
            return work(desk, p)
    except (BucarestError, SQLAlchemyError) as exc:
        return _failure(request, exc)


def _check_accept(request: Request) -> None:
    if not accepts(request.headers.get("accept")):
        raise NotAcceptableError(
            N_("this server answers in {media} only; expected an Accept header that allows it"),
            media=MEDIA_TAXII,
        )


def _visible(desk: Desk, p: Principal, collection_id: str) -> tuple[Community, Access]:
    """The collection, if ``p`` may read or write it; else the 404 of a missing one."""
    c = by_id(collection_id)
    acc = access(p, c, desk.today(), desk.reg, desk.ceiling) if c is not None else None
    if c is None or acc is None or not acc.visible:
        reason = acc.reason if acc is not None else "no such collection"
        desk.audit(p.username, "taxii-read", f"collection:{collection_id[:64]}", False, reason)
        raise NotFoundError(N_("no collection '{id}'"), id=collection_id[:64])
    return c, acc


def _collection_resource(c: Community, acc: Access, lang: str) -> dict[str, Any]:
    return {
        "id": c.id,
        "title": gettext(c.title, lang),
        "description": gettext(c.description, lang),
        "alias": c.alias,
        "can_read": acc.can_read,
        "can_write": acc.can_write,
        "media_types": [MEDIA_STIX],
    }


def _paged(pg: store.TaxiiPage, key: str, items: list[Any]) -> Response:
    body: dict[str, Any] = {"more": pg.more}
    if pg.next:
        body["next"] = pg.next
    if items:
        body[key] = items
    return _json(body, headers=pg.date_added_headers())


def _objects_page(pg: store.TaxiiPage) -> Response:
    """An envelope written around the stored objects' JSON text (no decode, no re-encode:
    the costliest part of a page otherwise)."""
    head = {"more": pg.more, **({"next": pg.next} if pg.next else {})}
    text = json.dumps(head)[:-1]
    if pg.rows:
        text += ', "objects": [' + ", ".join(store.stix_text(r) for r in pg.rows) + "]"
    return Response((text + "}").encode("utf-8"), media_type=MEDIA_TAXII,
                    headers=pg.date_added_headers())  # fmt: skip


# --- discovery, API root, status -------------------------------------------------------


@router.get("/taxii2/")
def discovery(request: Request) -> Response:
    def work(desk: Desk, p: Principal) -> Response:
        lang = _lang(request)
        root = str(request.base_url).rstrip("/") + API_ROOT
        return _json({
            "title": gettext(N_("bucarest cyber-defence desk"), lang),
            "description": gettext(N_("Indicators shared by the Allies and their partners, each readable by whom it is releasable to on the day of the request."), lang),
            "default": root,
            "api_roots": [root],
        })  # fmt: skip

    return _call(request, work)


@router.get(API_ROOT)
def api_root(request: Request) -> Response:
    def work(desk: Desk, p: Principal) -> Response:
        lang = _lang(request)
        return _json({
            "title": gettext(N_("Cyber-defence desk"), lang),
            "description": gettext(N_("One collection per sharing community."), lang),
            "versions": [MEDIA_TAXII],
            "max_content_length": _state(request).max_content_length,
        })  # fmt: skip

    return _call(request, work)


@router.get(API_ROOT + "status/{status_id}/")
@router.get(API_ROOT + "status/{status_id}")
def status(request: Request, status_id: str) -> Response:
    return _call(request, lambda desk, p: _json(store.read_status(desk, p, status_id)))


# --- collections ------------------------------------------------------------------------


@router.get(API_ROOT + "collections/")
def collections(request: Request) -> Response:
    def work(desk: Desk, p: Principal) -> Response:
        lang = _lang(request)
        out = []
        for c in COLLECTIONS:
            acc = access(p, c, desk.today(), desk.reg, desk.ceiling)
            if acc.visible:
                out.append(_collection_resource(c, acc, lang))
        desk.audit(p.username, "taxii-read", "collections", True, f"returned {len(out)}")
        return _json({"collections": out} if out else {})

    return _call(request, work)


@router.get(_COLLECTION)
def collection(request: Request, collection_id: str) -> Response:
    def work(desk: Desk, p: Principal) -> Response:
        c, acc = _visible(desk, p, collection_id)
        desk.audit(p.username, "taxii-read", f"collection:{c.id}", True, "collection")
        return _json(_collection_resource(c, acc, _lang(request)))

    return _call(request, work)


# --- objects ----------------------------------------------------------------------------


def _read_page(request: Request, desk: Desk, p: Principal, collection_id: str, endpoint: str,
               object_id: str | None = None) -> store.TaxiiPage:  # fmt: skip
    """The page an ``objects``, ``manifest``, ``object`` or ``versions`` request asks for
    (404 for a collection or object ``p`` may not read), with its audit entry. Under an
    object, ``match[id]`` and ``match[type]`` do not apply, and ``versions`` lists them all."""
    c, _acc = _visible(desk, p, collection_id)
    q = request.query_params
    f = parse_filters(q, "all" if endpoint == "versions" else "last")
    limit, nxt = parse_limit(q.get("limit")), q.get("next") or None
    if object_id is not None:
        _one_object(desk, p, c, object_id)
        f = replace(
            f, ids=(), types=(), versions=("all",) if endpoint == "versions" else f.versions
        )
    pg = store.page(desk, p, c, endpoint, f, limit, nxt, object_id)
    about = [object_id[:120]] if object_id is not None else []
    about += [] if endpoint == "object" else [endpoint]
    desk.audit(p.username, "taxii-read", f"collection:{c.id}", True,
               ": ".join([*about, f"returned {len(pg.rows)}"]))  # fmt: skip
    return pg


@router.get(_COLLECTION + "objects/")
def get_objects(request: Request, collection_id: str) -> Response:
    return _call(request, lambda desk, p: _objects_page(
        _read_page(request, desk, p, collection_id, "objects")))  # fmt: skip


@router.get(_COLLECTION + "manifest/")
def get_manifest(request: Request, collection_id: str) -> Response:
    def work(desk: Desk, p: Principal) -> Response:
        pg = _read_page(request, desk, p, collection_id, "manifest")
        items = [{"id": r.stix_id, "date_added": taxii_timestamp(r.created_at),
                  "version": r.stix_version, "media_type": MEDIA_STIX} for r in pg.rows]  # fmt: skip
        return _paged(pg, "objects", items)

    return _call(request, work)


def _one_object(desk: Desk, p: Principal, c: Community, object_id: str) -> None:
    if not store.object_exists(desk, p, c, object_id):
        desk.audit(
            p.username, "taxii-read", f"collection:{c.id}", False, f"{object_id[:120]}: not found"
        )
        raise NotFoundError(N_("no object '{id}' in this collection"), id=object_id[:120])


@router.get(_OBJECT)
def get_object(request: Request, collection_id: str, object_id: str) -> Response:
    return _call(request, lambda desk, p: _objects_page(
        _read_page(request, desk, p, collection_id, "object", object_id)))  # fmt: skip


@router.get(_OBJECT + "versions/")
def get_versions(request: Request, collection_id: str, object_id: str) -> Response:
    def work(desk: Desk, p: Principal) -> Response:
        pg = _read_page(request, desk, p, collection_id, "versions", object_id)
        return _paged(pg, "versions", [r.stix_version for r in pg.rows])

    return _call(request, work)


@router.delete(_OBJECT)
def delete_object(request: Request, collection_id: str, object_id: str) -> Response:
    def work(desk: Desk, p: Principal) -> Response:
        c, acc = _visible(desk, p, collection_id)
        f = parse_filters(request.query_params, "all")
        if not acc.can_write:
            desk.audit(p.username, "taxii-delete", f"collection:{c.id}", False, "read only")
            raise PermissionDeniedError(
                N_("this collection is read-only for {user}"), user=p.username
            )
        store.delete_object(desk, p, c, object_id, replace(f, ids=(), types=()))
        return Response(status_code=200, media_type=MEDIA_TAXII)

    return _call(request, work)


# --- adding objects ---------------------------------------------------------------------


def _may_write(request: Request, collection_id: str) -> tuple[Principal, Community]:
    """Authentication, media types and declared size, then the collection (404) and
    whether ``p`` may write it (403)."""
    with _desk(request) as (desk, p):
        _check_accept(request)
        if not is_taxii_body(request.headers.get("content-type")):
            raise UnsupportedMediaTypeError(
                N_("a request body must be {media}; got '{got}'"),
                media=MEDIA_TAXII, got=request.headers.get("content-type", "")[:80],
            )  # fmt: skip
        _check_declared_size(request)
        c, acc = _visible(desk, p, collection_id)
        if not acc.can_write:
            desk.audit(p.username, "taxii-add", f"collection:{c.id}", False, "read only")
            raise PermissionDeniedError(
                N_("this collection is read-only for {user}"), user=p.username
            )
        return p, c


def _too_large(request: Request) -> PayloadTooLargeError:
    return PayloadTooLargeError(N_("the request body is over this API root's max_content_length of {limit} bytes"),
                                limit=_state(request).max_content_length)  # fmt: skip


def _check_declared_size(request: Request) -> None:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > _state(request).max_content_length:
        raise _too_large(request)


async def _read_body(request: Request) -> bytes:
    limit = _state(request).max_content_length
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(request)
        chunks.append(chunk)
    return b"".join(chunks)


def _envelope_objects(body: bytes) -> list[Any]:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        data = None
    if not isinstance(data, dict):
        raise InvalidInputError(
            N_(
                'the request body is not a TAXII envelope; expected a JSON object {{"objects": […]}}'
            )
        )
    objects = data.get("objects", [])
    if not isinstance(objects, list):
        raise InvalidInputError(
            N_('the envelope\'s objects are not a list; expected "objects": […]')
        )
    return objects


def _store(request: Request, p: Principal, c: Community, checked: list[Checked],
           requested_at: datetime) -> dict[str, Any]:  # fmt: skip
    db = request.app.state.db
    with db.session() as s:
        desk = _new_desk(request, s)
        if not access(p, c, desk.today(), desk.reg, desk.ceiling).can_write:
            raise PermissionDeniedError(
                N_("this collection is read-only for {user}"), user=p.username
            )
        return store.add_objects(desk, p, c, checked, requested_at)


@router.post(_COLLECTION + "objects/")
async def add_objects(request: Request, collection_id: str) -> Response:
    requested_at = _state(request).now()
    try:
        p, c = await run_in_threadpool(_may_write, request, collection_id)
        objects = _envelope_objects(await _read_body(request))
        checked = await run_in_threadpool(check_objects, objects, c.tlp)
        status = await run_in_threadpool(_store, request, p, c, checked, requested_at)
    except (BucarestError, SQLAlchemyError) as exc:
        return _failure(request, exc)
    return _json(status, 202)


# --- anything else under /taxii2/ -------------------------------------------------------


_CATCH_ALL = "/taxii2/{rest:path}"


def _match(scope: dict[str, Any]) -> Match:
    """How well the known TAXII routes match ``scope`` (FULL beats PARTIAL beats NONE)."""
    best = Match.NONE
    for r in router.routes:
        if getattr(r, "path", "") == _CATCH_ALL:
            continue
        found, _child = r.matches(scope)
        if found is Match.FULL:
            return found
        if found is Match.PARTIAL:
            best = found
    return best


@router.api_route(_CATCH_ALL, methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def unknown(request: Request, rest: str) -> Response:
    """404 (or 405) as TAXII error resources; a known path without its final slash is
    redirected to it."""
    scope = dict(request.scope)
    path = request.url.path
    if not path.endswith("/") and _match({**scope, "path": scope["path"] + "/"}) is not Match.NONE:
        return RedirectResponse(str(request.url.replace(path=path + "/")), 308)
    err: BucarestError
    if _match(scope) is Match.PARTIAL:
        err = MethodNotAllowedError(N_("{method} is not allowed on {path}"),
                                    method=request.method, path=path[:200])  # fmt: skip
    else:
        err = NotFoundError(N_("no TAXII resource at {path}"), path=path[:200])
    return error_response(err, _lang(request))
