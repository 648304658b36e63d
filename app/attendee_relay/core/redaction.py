"""Masking secrets in anything shown or written: text, HTTP requests and responses, log lines.

Also holds the process-wide registry of secret values in use, so every masking point (logs, test
push output, history) can redact values it was never handed explicitly.
"""

from __future__ import annotations

import base64
import http
import json
import re
import threading
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, quote, quote_plus, unquote_plus

if TYPE_CHECKING:  # annotations only: the log set-up (every command) need not load pydantic
    from attendee_relay.core.connector_api import HttpRequest, HttpResponse

MASK = "••••••"

# Shorter values would mask ordinary text ("ab" in every word) and are no secrets worth the name.
MIN_SECRET_LENGTH = 4

# A base64 fragment of a secret embedded in a longer encoded string is only worth masking when it
# is long enough not to hit random text.
_MIN_EMBEDDED_B64 = 8

# Header and field names whose values are secrets, compared without case, '-' or '_'.
_SECRET_NAMES = frozenset(
    {
        "authorization",
        "xapiauthorization",
        "proxyauthorization",
        "cookie",
        "setcookie",
        "key",
        "apikey",
        "xapikey",
        "rpskey",
        "secret",
        "apisecret",
        "clientsecret",
        "password",
        "passwd",
        "token",
        "accesstoken",
        "refreshtoken",
        "idtoken",
        "codeverifier",
    }
)
_SECRET_NAME_PARTS = ("token", "secret", "password", "apikey")
_SECRET_HEADER_PARTS = ("token", "secret", "key", "auth", "cookie", "password")

# A leading word such as "Basic" or "Bearer" says what kind of credential follows; keeping it
# helps a reader and reveals nothing. Only known words: a secret with a space in it must not
# have its first word shown.
_SCHEME_WORD = re.compile(
    r"^(Basic|Bearer|IWS|Digest|Token|OAuth|HMAC|Hawk|Negotiate|NTLM|ApiKey|Key|AWS4-HMAC-SHA256)"
    r"\s+\S",
    re.IGNORECASE,
)

_FORM_TYPE = "application/x-www-form-urlencoded"


def _normalised(name: str) -> str:
    return name.lower().replace("-", "").replace("_", "")


def is_secret_name(name: str) -> bool:
    """Whether a form field, query parameter or JSON key named ``name`` carries a secret.

    Bracketed form names (``attendee[0][key]``) are judged by their last part.
    """
    last = name.rsplit("[", 1)[-1].rstrip("]") if name.endswith("]") else name
    norm = _normalised(last)
    return norm in _SECRET_NAMES or any(part in norm for part in _SECRET_NAME_PARTS)


def is_secret_header(name: str) -> bool:
    """Whether an HTTP header named ``name`` carries a secret (Authorization, X-Api-Key, ...)."""
    norm = _normalised(name)
    return norm in _SECRET_NAMES or any(part in norm for part in _SECRET_HEADER_PARTS)


def mask_value(value: str) -> str:
    """Mask a secret for display.

    The whole value becomes ``••••••``, except a leading scheme word (``Basic``, ``Bearer``,
    ``IWS``) which is kept so a reader sees what kind of credential it was.

    Args:
        value: the secret, or a header value holding one.

    Returns:
        The masked text; an empty value stays empty so "not set" remains visible.
    """
    if not value:
        return ""
    match = _SCHEME_WORD.match(value)
    if match:
        return f"{match.group(1)} {MASK}"
    return MASK


def _b64_forms(raw: bytes) -> set[str]:
    """Base64 text of ``raw`` on its own and as it appears inside a longer encoded string.

    Inside a longer string the secret may start at any byte offset mod 3; for each offset only
    the characters built purely from the secret's bits are stable, so those are the fragment.
    """
    forms: set[str] = set()
    for encode in (base64.b64encode, base64.urlsafe_b64encode):
        whole = encode(raw).decode("ascii")
        forms.update({whole, whole.rstrip("=")})
        for offset in range(3):
            encoded = encode(b"\0" * offset + raw + b"\0\0").decode("ascii").rstrip("=")
            first_bit, end_bit = 8 * offset, 8 * (offset + len(raw))
            first = -(-first_bit // 6)  # first char whose 6 bits start inside the secret
            last = end_bit // 6  # one past the last char whose bits end inside the secret
            fragment = encoded[first:last]
            if len(fragment) >= _MIN_EMBEDDED_B64:
                forms.add(fragment)
    return forms


def secret_forms(value: str) -> set[str]:
    """Every spelling of ``value`` that may reach a screen or file: raw, URL-encoded (``%20`` or
    ``+`` for spaces), JSON-escaped and base64. ``Redactor`` also matches %-escapes in any case."""
    forms = {value, quote(value, safe=""), quote(value), quote_plus(value)}
    forms.add(json.dumps(value)[1:-1])
    forms.add(json.dumps(value, ensure_ascii=False)[1:-1])
    forms |= _b64_forms(value.encode("utf-8"))
    return {f for f in forms if len(f) >= MIN_SECRET_LENGTH}


_PERCENT_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")


def _form_pattern(form: str) -> str:
    """``form`` as a regex, its %-escapes matched in any case (``%2F`` = ``%2f`` = ``%2F``)."""
    pieces, last = [], 0
    for match in _PERCENT_ESCAPE.finditer(form):
        pieces.append(re.escape(form[last : match.start()]))
        hex_digits = match.group(0)[1:]
        pieces.append(
            "%" + "".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else c for c in hex_digits)
        )
        last = match.end()
    pieces.append(re.escape(form[last:]))
    return "".join(pieces)


class Redactor:
    """Masks known secret values, in every form they travel in, from text and HTTP exchanges.

    Args:
        values: the secret values in use. Values shorter than four characters are ignored.
    """

    def __init__(self, values: Iterable[str]) -> None:
        self._values = frozenset(v for v in values if v and len(v) >= MIN_SECRET_LENGTH)
        forms: set[str] = set()
        for value in self._values:
            forms |= secret_forms(value)
        # Longest first, so a form is never half-masked by a shorter one that it contains.
        ordered = sorted(forms, key=lambda f: (-len(f), f))
        self._pattern = re.compile("|".join(map(_form_pattern, ordered))) if ordered else None

    @property
    def values(self) -> frozenset[str]:
        """The secret values this redactor masks."""
        return self._values

    def text(self, s: str) -> str:
        """``s`` with every form of every secret replaced by ``••••••``."""
        if self._pattern is None or not s:
            return s
        return self._pattern.sub(MASK, s)

    def headers(self, headers: Mapping[str, str]) -> list[str]:
        """Header lines ``Name: value``, secret-bearing headers masked whole (scheme kept)."""
        lines = []
        for name, value in headers.items():
            shown = mask_value(value) if is_secret_header(name) else self.text(value)
            lines.append(f"{name}: {shown}")
        return lines

    def url(self, url: str) -> str:
        """``url`` with known secrets and secret-named query parameters masked."""
        base, sep, rest = url.partition("?")
        if not sep:
            return self.text(url)
        query, hash_sep, fragment = rest.partition("#")
        masked_query = _mask_urlencoded(query)
        return self.text(f"{base}?{masked_query}{hash_sep}{fragment}")

    def request_body(self, req: HttpRequest) -> str:
        """The exact body of ``req`` as UTF-8 text, secrets masked and nothing else changed."""
        body = req.body.decode("utf-8", errors="replace")
        content_type = _header(req.headers, "content-type")
        if _FORM_TYPE in content_type:
            body = _mask_urlencoded(body)
        elif "json" in content_type or _looks_like_json(body):
            body = _JSON_SECRET_FIELD.sub(_mask_json_field, body)
        return self.text(body)

    def request(self, req: HttpRequest) -> str:
        """``req`` as a REST client shows it: request line, headers, blank line, readable body.

        A form body is shown as ``name = value`` lines, decoded; a JSON body pretty-printed.
        ``request_body`` gives the exact bytes instead.
        """
        lines = [f"{req.method.upper()} {self.url(req.url)}", *self.headers(req.headers)]
        body = req.body.decode("utf-8", errors="replace")
        if body:
            lines.append("")
            lines.append(self._readable_body(body, _header(req.headers, "content-type"), req))
        return self.text("\n".join(lines))

    def response(self, resp: HttpResponse) -> str:
        """``resp`` as a REST client shows it: status line, headers, blank line, body (JSON
        pretty-printed)."""
        try:
            reason = http.HTTPStatus(resp.status_code).phrase
        except ValueError:
            reason = ""
        lines = [f"HTTP {resp.status_code} {reason}".rstrip(), *self.headers(resp.headers)]
        text = resp.text
        if text:
            lines.append("")
            lines.append(_pretty_json(text) or text)
        return self.text("\n".join(lines))

    def _readable_body(self, body: str, content_type: str, req: HttpRequest) -> str:
        if _FORM_TYPE in content_type:
            pairs = parse_qsl(body, keep_blank_values=True)
            return "\n".join(
                f"{name} = {MASK if is_secret_name(name) and value else value}"
                for name, value in pairs
            )
        pretty = _pretty_json(body)
        if pretty is not None:
            return pretty
        return self.request_body(req)


def _header(headers: Mapping[str, str], name: str) -> str:
    for key, value in headers.items():
        if key.lower() == name:
            return value.lower()
    return ""


def _mask_urlencoded(query: str) -> str:
    """Mask the values of secret-named parameters in a raw ``a=1&b=2`` string, keeping the rest
    byte for byte (re-encoding would change what the user compares against the wire)."""
    parts = []
    for part in query.split("&"):
        name, eq, value = part.partition("=")
        secret = eq and value and is_secret_name(unquote_plus(name))
        parts.append(f"{name}={MASK}" if secret else part)
    return "&".join(parts)


# "name": "value" pairs in raw JSON text, so request_body can mask by field name without
# re-serialising (which would change the exact text).
_JSON_SECRET_FIELD = re.compile(r'("((?:[^"\\]|\\.)*)"\s*:\s*")(?:[^"\\]|\\.)*(")')


def _mask_json_field(match: re.Match[str]) -> str:
    try:
        name = json.loads(f'"{match.group(2)}"')
    except ValueError:
        name = match.group(2)
    if isinstance(name, str) and is_secret_name(name):
        return f"{match.group(1)}{MASK}{match.group(3)}"
    return match.group(0)


def _looks_like_json(text: str) -> bool:
    return text.lstrip()[:1] in ("{", "[")


def _pretty_json(text: str) -> str | None:
    """Indented JSON with secret-named fields masked, or None when ``text`` is not JSON."""
    if not _looks_like_json(text):
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    return json.dumps(_mask_json(data), indent=2, ensure_ascii=False)


def _mask_json(data: Any) -> Any:
    if isinstance(data, dict):
        return {
            key: MASK if is_secret_name(str(key)) and isinstance(value, str) else _mask_json(value)
            for key, value in data.items()
        }
    if isinstance(data, list):
        return [_mask_json(item) for item in data]
    return data


# --- the process-wide registry of secrets in use --------------------------------------------


class _SecretRegistry:
    """Secret values seen in this process, and a redactor for them rebuilt only on change."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: set[str] = set()
        self._redactor: Redactor | None = None

    def add(self, value: str) -> None:
        with self._lock:
            if value not in self._values:
                self._values.add(value)
                self._redactor = None

    def values(self) -> frozenset[str]:
        with self._lock:
            return frozenset(self._values)

    def redactor(self) -> Redactor:
        with self._lock:
            if self._redactor is None:
                self._redactor = Redactor(self._values)
            return self._redactor

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
            self._redactor = None


_REGISTRY = _SecretRegistry()


def register_secret(value: str) -> None:
    """Remember ``value`` as a secret in use, so logs and displays mask it from now on.

    Values shorter than four characters are ignored, as by ``Redactor``.
    """
    if value and len(value) >= MIN_SECRET_LENGTH:
        _REGISTRY.add(value)


def registered_secrets() -> frozenset[str]:
    """Every secret value registered so far in this process."""
    return _REGISTRY.values()


def registered_redactor(extra: Iterable[str] = ()) -> Redactor:
    """A redactor for every registered secret, plus any ``extra`` values."""
    more = [v for v in extra if v]
    if more:
        return Redactor([*_REGISTRY.values(), *more])
    return _REGISTRY.redactor()


def forget_registered_secrets() -> None:
    """Empty the registry (tests, or after the user removed every connector)."""
    _REGISTRY.clear()
