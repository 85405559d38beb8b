"""Presigned URLs, S3 style: HMAC-signed, expiring, and hostile to ``Authorization``.

Upload and download URLs point at sandbox routes outside ``/api/`` (``/presigned/...``).
Like S3 query-string authentication, a request is refused when

* it also carries an ``Authorization`` header (400 ``InvalidArgument``: only one auth
  mechanism allowed) — this is how a client leaking its Prolific token to the storage
  host gets caught;
* the signature does not match the method and path (403 ``SignatureDoesNotMatch``);
* ``X-Amz-Date`` + ``X-Amz-Expires`` is in the past by the sandbox clock (403
  ``AccessDenied``: Request has expired).

Errors are S3's XML documents, not Prolific JSON.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from datetime import UTC, datetime
from urllib.parse import quote, urlencode
from xml.sax.saxutils import escape

from starlette.responses import Response

_DATE_FORMAT = "%Y%m%dT%H%M%SZ"


class PresignError(Exception):
    """A presigned request that S3 would refuse; :meth:`response` is its XML answer."""

    def __init__(self, status: int, code: str, message: str, resource: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.resource = resource

    def response(self) -> Response:
        """S3's XML error document."""
        return s3_error(self.status, self.code, str(self), self.resource)


def s3_error(status: int, code: str, message: str, resource: str) -> Response:
    """An S3-style XML error response."""
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<Error><Code>{escape(code)}</Code><Message>{escape(message)}</Message>"
        f"<Resource>{escape(resource)}</Resource><RequestId>SANDBOX</RequestId></Error>"
    )
    return Response(body, status_code=status, media_type="application/xml")


class Signer:
    """Signs ``(method, path, date, lifetime)`` with a secret only the sandbox knows."""

    def __init__(self, secret: bytes, base_url: str) -> None:
        self._secret = secret
        self._base_url = base_url.rstrip("/")

    def __repr__(self) -> str:
        return f"Signer(base_url={self._base_url!r})"  # never the secret

    def url(self, method: str, path: str, signed_at: float, lifetime: int) -> str:
        """A full presigned URL for ``method`` on ``path``, valid ``lifetime`` seconds."""
        stamp = datetime.fromtimestamp(signed_at, UTC).strftime(_DATE_FORMAT)
        query = {
            "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
            "X-Amz-Credential": "SANDBOX/s3/aws4_request",
            "X-Amz-Date": stamp,
            "X-Amz-Expires": str(lifetime),
            "X-Amz-SignedHeaders": "host",
            "X-Amz-Signature": self._signature(method, path, stamp, str(lifetime)),
        }
        return f"{self._base_url}{quote(path)}?{urlencode(query)}"

    def verify(
        self, method: str, path: str, query: Mapping[str, str], has_authorization: bool, now: float
    ) -> None:
        """Raise :class:`PresignError` unless this request is a valid use of a presigned URL."""
        if has_authorization:
            raise PresignError(
                400,
                "InvalidArgument",
                "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, "
                "Signature query string parameter or the Authorization header should be specified",
                path,
            )
        stamp, lifetime = query.get("X-Amz-Date", ""), query.get("X-Amz-Expires", "")
        signature = query.get("X-Amz-Signature", "")
        if not (stamp and lifetime and signature):
            raise PresignError(403, "AccessDenied", "Query-string authentication is required", path)
        expected = self._signature(method, path, stamp, lifetime)
        if not hmac.compare_digest(expected, signature):
            raise PresignError(
                403,
                "SignatureDoesNotMatch",
                "The request signature we calculated does not match the signature you provided.",
                path,
            )
        if _expiry(stamp, lifetime) < now:
            raise PresignError(403, "AccessDenied", "Request has expired", path)

    def _signature(self, method: str, path: str, stamp: str, lifetime: str) -> str:
        message = f"{method.upper()}\n{path}\n{stamp}\n{lifetime}".encode()
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()


def _expiry(stamp: str, lifetime: str) -> float:
    signed = datetime.strptime(stamp, _DATE_FORMAT).replace(tzinfo=UTC)
    return signed.timestamp() + int(lifetime)


def secret_for(seed: int, token: str) -> bytes:
    """A signing key that is stable for a sandbox (URLs survive a restart with --state) but
    cannot be derived without its token."""
    return hashlib.sha256(f"atb-tui-sandbox-presign:{seed}:{token}".encode()).digest()
