"""The headers a public-sector site ships, compression, and trusting a proxy only when told to.

- Content-Security-Policy: scripts only from the app itself plus the hashes of Dash's inline scripts (no
  'unsafe-inline' or 'unsafe-eval' for scripts; Plotly is the app's partial bundle without eval, and no WebGL
  map, so no worker either: tools/plotly-bundle); styles
  may be inline (Plotly and React set them); images from the app or data:/blob: (Plotly's own); no framing.
- X-Content-Type-Options, Referrer-Policy, Permissions-Policy, Cross-Origin-Opener-Policy on every answer;
  Strict-Transport-Security when the request came over https.
- `LAGET_TRUSTED_PROXIES=N`: N reverse proxies in front set X-Forwarded-For and X-Forwarded-Proto (werkzeug's
  ProxyFix); unset (the default), forwarded headers are ignored, so a client cannot claim https.
- Responses are compressed (flask-compress: zstd, br or gzip, as the browser accepts).
"""

from __future__ import annotations

import os

import dash
import flask
from flask_compress import Compress
from werkzeug.middleware.proxy_fix import ProxyFix

HSTS = "max-age=31536000; includeSubDomains"
PERMISSIONS = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
COMPRESSED = ["text/html", "text/css", "text/plain", "text/csv", "application/json", "application/javascript", "text/javascript", "image/svg+xml"]  # fmt: skip


def content_security_policy(app: dash.Dash) -> str:
    scripts = " ".join(["'self'", *app.csp_hashes()])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def trusted_proxies() -> int:
    value = os.environ.get("LAGET_TRUSTED_PROXIES", "0")
    if not (value.isascii() and value.isdigit()):
        raise SystemExit(f"LAGET_TRUSTED_PROXIES must be the number of proxies in front of the app (0, 1, …), got {value!r}")
    return int(value)


def register_headers(app: dash.Dash) -> None:
    """Security headers on every response, compression, and ProxyFix when LAGET_TRUSTED_PROXIES is set."""
    server = app.server
    proxies = trusted_proxies()
    if proxies:
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]
    server.config.update(COMPRESS_MIMETYPES=COMPRESSED, COMPRESS_ALGORITHM=["zstd", "br", "gzip"])
    Compress(server)
    policy: list[str] = []  # made on the first answer: by then every inline script of Dash is known

    @server.after_request
    def _headers(response: flask.Response) -> flask.Response:
        if not policy:
            policy.append(content_security_policy(app))
        headers = response.headers
        headers.setdefault("Content-Security-Policy", policy[0])
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        headers.setdefault("Permissions-Policy", PERMISSIONS)
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        if flask.request.is_secure:
            headers.setdefault("Strict-Transport-Security", HSTS)
        return response
