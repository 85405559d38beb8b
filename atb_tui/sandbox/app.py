"""The Starlette application: every route, and errors rendered in Prolific's envelopes."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from atb_tui.sandbox import (
    routes_account,
    routes_batches,
    routes_collections,
    routes_datasets,
    routes_exports,
    routes_files,
    routes_instructions,
    routes_results,
    routes_studies,
)
from atb_tui.sandbox.errors import ApiError, ClassicError, FlatError
from atb_tui.sandbox.web import Context, Endpoint

ROUTE_MODULES = (
    routes_account,
    routes_datasets,
    routes_batches,
    routes_results,
    routes_instructions,
    routes_collections,
    routes_exports,
    routes_studies,
    routes_files,
)


def route_table() -> list[tuple[str, str, Endpoint]]:
    """Every (method, path, endpoint) the sandbox serves (paths without trailing slash)."""
    return [entry for module in ROUTE_MODULES for entry in module.ROUTES]


def build_app(context: Context) -> Starlette:
    """The API app; the caller wraps it in :class:`atb_tui.sandbox.asgi.SandboxASGI`."""
    grouped: dict[str, dict[str, Endpoint]] = {}
    for method, path, endpoint in route_table():
        grouped.setdefault(path, {})[method] = endpoint
    routes = [
        Route(path, _dispatch(by_method), methods=list(by_method))
        for path, by_method in grouped.items()
    ]
    app = Starlette(
        routes=routes,
        exception_handlers={ApiError: _api_error, HTTPException: _http_error},
    )
    app.router.redirect_slashes = False
    app.state.sandbox = context
    return app


def _dispatch(by_method: dict[str, Endpoint]) -> Endpoint:
    async def endpoint(request: Request) -> Response:
        return await by_method[request.method](request)

    return endpoint


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return JSONResponse(exc.body(), status_code=exc.status, headers=exc.headers)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    flat = request.url.path.startswith("/api/v1/data-collection/")
    if exc.status_code == 404:
        error: ApiError = (
            FlatError(404, "No such endpoint.", "Not Found")
            if flat
            else ClassicError(404, "Not found.")
        )
    else:
        error = ClassicError(
            exc.status_code,
            f'Method "{request.method}" not allowed.'
            if exc.status_code == 405
            else str(exc.detail),
        )
    headers = {**error.headers, **(exc.headers or {})}
    return JSONResponse(error.body(), status_code=error.status, headers=headers)
