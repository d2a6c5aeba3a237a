"""A small HTTP client for the Clockify dialect, standard library only.

The CLI's hot path (status, start, stop) must answer in well under 100 ms, so it cannot import
httpx or even http.client with ssl when it only talks to the local server: over the local
server's Unix socket this module speaks HTTP/1.1 on a plain socket. Remote servers (https)
go through http.client, imported only then.
"""

from __future__ import annotations

import json
import socket
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

Query = dict[str, Any] | list[tuple[str, Any]] | None


class ApiError(Exception):
    """The server answered with a 4xx or 5xx status."""

    def __init__(self, method: str, url: str, status: int, body: bytes) -> None:
        self.method, self.url, self.status, self.body = method, url, status, body
        super().__init__(f"{method} {url} -> {status}: {self.text}")

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def _payload(self) -> dict[str, Any]:
        try:
            payload = json.loads(self.body)
        except ValueError:
            return {}
        return payload if isinstance(payload, dict) else {}

    @property
    def message(self) -> str:
        """The server's message when it sent Clockify's error shape, else the body."""
        message = self._payload().get("message")
        return message if isinstance(message, str) else self.text.strip()

    @property
    def code(self) -> Any:
        """The server's error code when it sent Clockify's error shape, else None."""
        return self._payload().get("code")


class ConnectionFailed(Exception):
    """No server answered at the address."""


class Response:
    # A plain class, not a dataclass: importing dataclasses (and inspect with it) costs the
    # hot path about 10 ms.
    __slots__ = ("status", "headers", "body", "url")

    def __init__(self, status: int, headers: dict[str, str], body: bytes, url: str = "") -> None:
        self.status, self.headers, self.body, self.url = status, headers, body, url

    def __repr__(self) -> str:
        return f"Response(status={self.status!r}, url={self.url!r}, body={self.body[:60]!r})"

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None

    @property
    def last_page(self) -> bool | None:
        value = self.headers.get("last-page")
        return None if value is None else value.lower() == "true"


def api_base(server: str) -> str:
    """The API base for a server given as a host root (`http://host:8080`) or as the API base
    itself (`.../api/v1`, `.../v1`)."""
    url = server.rstrip("/")
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    if path.endswith("/api/v1") or path.endswith("/v1"):
        return url
    if path.endswith("/api"):
        return url + "/v1"
    return url + "/api/v1"


def _query_string(query: Query) -> str:
    if not query:
        return ""
    items = query.items() if isinstance(query, dict) else query
    flat: list[tuple[str, str]] = []
    for key, value in items:
        if value is None:
            continue
        for one in value if isinstance(value, list | tuple) else [value]:
            flat.append((key, "true" if one is True else "false" if one is False else str(one)))
    return "?" + urlencode(flat) if flat else ""


class Client:
    """One server: `base` is the API base URL; `socket_path` routes it over a Unix socket."""

    def __init__(self, base: str, api_key: str | None = None, socket_path: str | None = None,
                 timeout: float = 60.0, user_agent: str = "timeledger-cli") -> None:
        self.base, self.api_key, self.socket_path = base, api_key, socket_path
        self.timeout, self.user_agent = timeout, user_agent
        self._sock: socket.socket | None = None
        self._http: Any = None

    def __repr__(self) -> str:
        return f"Client(base={self.base!r}, socket_path={self.socket_path!r})"

    def url(self, path: str, query: Query = None) -> str:
        if path.startswith(("http://", "https://")):
            return path + _query_string(query)
        return self.base.rstrip("/") + "/" + path.lstrip("/") + _query_string(query)

    def request(
        self,
        method: str,
        path: str,
        *,
        query: Query = None,
        json_body: Any = None,
        data: bytes | str | None = None,
        headers: dict[str, str] | None = None,
        check: bool = True,
    ) -> Response:
        url = self.url(path, query)
        send = {"Accept": "application/json", "User-Agent": self.user_agent}
        if self.api_key:
            send["X-Api-Key"] = self.api_key
        body: bytes | None = None
        if json_body is not None:
            body = json.dumps(json_body).encode()
            send["Content-Type"] = "application/json"
        elif data is not None:
            body = data.encode() if isinstance(data, str) else data
        send.update(headers or {})
        if self.socket_path:
            response = self._over_socket(method, url, send, body)
        else:
            response = self._over_tcp(method, url, send, body)
        if check and response.status >= 400:
            raise ApiError(method, url, response.status, response.body)
        return response

    def get(self, path: str, **kw: Any) -> Any:
        return self.request("GET", path, **kw).json()

    def post(self, path: str, body: Any = None, **kw: Any) -> Any:
        return self.request("POST", path, json_body=body, **kw).json()

    def put(self, path: str, body: Any = None, **kw: Any) -> Any:
        return self.request("PUT", path, json_body=body, **kw).json()

    def patch(self, path: str, body: Any = None, **kw: Any) -> Any:
        return self.request("PATCH", path, json_body=body, **kw).json()

    def delete(self, path: str, **kw: Any) -> Any:
        return self.request("DELETE", path, **kw).json()

    def close(self) -> None:
        if self._sock is not None:
            self._sock.close()
            self._sock = None
        if self._http is not None:
            self._http.close()
            self._http = None

    # --- Unix socket: HTTP/1.1 by hand ------------------------------------------------------

    def _connect_socket(self) -> socket.socket:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        try:
            sock.connect(self.socket_path)
        except OSError as exc:
            sock.close()
            raise ConnectionFailed(f"no server listens on {self.socket_path}: {exc}") from exc
        return sock

    def _over_socket(self, method: str, url: str, headers: dict[str, str], body: bytes | None) -> Response:
        parts = urlsplit(url)
        target = parts.path + ("?" + parts.query if parts.query else "")
        lines = [f"{method} {quote(target, safe='/?&=%:,+@-._~!$*;')} HTTP/1.1", "Host: localhost"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        lines.append(f"Content-Length: {len(body or b'')}")
        raw = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + (body or b"")
        for attempt in range(2):  # a kept-alive socket the server closed meanwhile gets one retry
            if self._sock is None:
                self._sock = self._connect_socket()
            try:
                self._sock.sendall(raw)
                response, keep_alive = _read_response(self._sock, method, url)
            except (ConnectionError, _Closed):
                self.close()
                if attempt:
                    raise ConnectionFailed(f"the server at {self.socket_path} closed the connection") from None
                continue
            if not keep_alive:
                self.close()
            return response
        raise AssertionError("unreachable")

    # --- TCP: http.client -------------------------------------------------------------------

    def _over_tcp(self, method: str, url: str, headers: dict[str, str], body: bytes | None) -> Response:
        import http.client

        parts = urlsplit(url)
        target = parts.path + ("?" + parts.query if parts.query else "")
        for attempt in range(2):
            if self._http is None:
                if parts.scheme == "https":
                    self._http = http.client.HTTPSConnection(parts.netloc, timeout=self.timeout)
                else:
                    self._http = http.client.HTTPConnection(parts.netloc, timeout=self.timeout)
            try:
                self._http.request(method, target, body=body, headers=headers)
                answer = self._http.getresponse()
                payload = answer.read()
                return Response(answer.status, {k.lower(): v for k, v in answer.getheaders()}, payload, url)
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as exc:
                self.close()  # a kept-alive connection the server closed meanwhile gets one retry
                if attempt:
                    raise ConnectionFailed(f"{parts.netloc} closed the connection: {exc}") from exc
            except OSError as exc:
                self.close()
                raise ConnectionFailed(f"cannot reach {parts.netloc}: {exc}") from exc
        raise AssertionError("unreachable")


class _Closed(Exception):
    pass


def _read_response(sock: socket.socket, method: str, url: str) -> tuple[Response, bool]:
    """The response, and whether the connection stays open for the next request."""
    buffer = b""
    while b"\r\n\r\n" not in buffer:
        chunk = sock.recv(65536)
        if not chunk:
            raise _Closed()
        buffer += chunk
    head, _, rest = buffer.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    status = int(status_line.split(" ", 2)[1])
    headers: dict[str, str] = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    if method == "HEAD" or status in (204, 304) or 100 <= status < 200:
        body = b""
    elif "content-length" in headers:
        length = int(headers["content-length"])
        while len(rest) < length:
            chunk = sock.recv(max(65536, length - len(rest)))
            if not chunk:
                raise _Closed()
            rest += chunk
        body = rest[:length]
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        body = _read_chunked(sock, rest)
    else:
        parts = [rest]
        while chunk := sock.recv(65536):
            parts.append(chunk)
        body = b"".join(parts)
        headers["connection"] = "close"
    return Response(status, headers, body, url), headers.get("connection", "").lower() != "close"


def _read_chunked(sock: socket.socket, data: bytes) -> bytes:
    body = []
    while True:
        while b"\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                raise _Closed()
            data += chunk
        size_line, _, data = data.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        while len(data) < size + 2:
            chunk = sock.recv(65536)
            if not chunk:
                raise _Closed()
            data += chunk
        if size == 0:
            return b"".join(body)
        body.append(data[:size])
        data = data[size + 2:]
