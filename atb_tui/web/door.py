"""The door of `atb-tui web`: a one-time token in the link, then a session cookie.

textual-serve has no authentication, and whoever reaches its websocket drives the app with the
user's Prolific account, so every request passes through `Door.middleware`:

- A request carrying the session cookie passes (a websocket also needs a same-origin `Origin`,
  so a page on another site cannot drive the app through the user's browser).
- `GET /?token=T` with the right, unspent token spends it: the answer is a 303 back to the same
  page without the token, setting the cookie (HttpOnly, SameSite=Strict, for this port only).
  From then on the link lets no other browser in; the first browser keeps its cookie until it
  is closed. The token thus never stays in the address bar, the history or a Referer.
- Anything else is 403, whatever the path: the page, static files, downloads and `/ws`.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from aiohttp import hdrs, web
from aiohttp.typedefs import Handler

TOKEN_PARAM = "token"
WEBSOCKET_PATH = "/ws"
NEEDS_LINK = "Open the link that `atb-tui web` printed: this address needs its one-time token.\n"
LINK_SPENT = (
    "This link was already opened in another browser, and it works only once. "
    "Go back to that browser, or restart `atb-tui web` for a new link.\n"
)
CROSS_SITE = "Refused: the websocket was opened from another site.\n"


@dataclass
class Door:
    """The token printed in the link and the session cookie it is exchanged for, once."""

    token: str = field(repr=False)
    session: str = field(repr=False)
    cookie_name: str
    spent: bool = False

    @classmethod
    def new(cls, port: int) -> Door:
        """Fresh secrets; the cookie is named per port so two servers never overwrite each
        other's (browsers share cookies between ports of one host)."""
        return cls(secrets.token_urlsafe(24), secrets.token_urlsafe(32), f"atb_tui_web_{port}")

    def link(self, base_url: str) -> str:
        """The address to open: `base_url` (ending in /) with the token."""
        return f"{base_url}?{TOKEN_PARAM}={self.token}"

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Let through requests with the session cookie; exchange the token for it; else 403."""
        if self._has_session(request):
            if request.path == WEBSOCKET_PATH and not _same_origin(request):
                return _forbidden(CROSS_SITE)
            return await handler(request)
        offered = request.query.get(TOKEN_PARAM)
        if offered is None or request.path != "/" or request.method != hdrs.METH_GET:
            return _forbidden(NEEDS_LINK)
        if not self._redeem(offered):
            return _forbidden(LINK_SPENT if self.spent else NEEDS_LINK)
        return self._welcome(request)

    def _has_session(self, request: web.Request) -> bool:
        cookie = request.cookies.get(self.cookie_name)
        return cookie is not None and hmac.compare_digest(cookie, self.session)

    def _redeem(self, offered: str) -> bool:
        if self.spent or not hmac.compare_digest(offered, self.token):
            return False
        self.spent = True
        return True

    def _welcome(self, request: web.Request) -> web.StreamResponse:
        # The same page without the token (other parameters, e.g. fontsize, are kept).
        query = {key: value for key, value in request.query.items() if key != TOKEN_PARAM}
        location = str(request.rel_url.with_query(query))
        response = web.Response(status=303, text="See Other", headers={hdrs.LOCATION: location})
        response.set_cookie(
            self.cookie_name, self.session, path="/", httponly=True, samesite="Strict"
        )
        response.headers[hdrs.CACHE_CONTROL] = "no-store"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response


def _same_origin(request: web.Request) -> bool:
    """No Origin (not a browser) or the page's own origin; the host is the one the browser
    used, which differs from the bind address behind `ssh -L`."""
    origin = request.headers.get(hdrs.ORIGIN)
    return origin is None or urlsplit(origin).netloc == request.host


def _forbidden(text: str) -> web.Response:
    return web.Response(status=403, text=text, headers={hdrs.CACHE_CONTROL: "no-store"})
