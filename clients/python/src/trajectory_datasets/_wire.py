"""The synchronous client's HTTP/1.1 connections: the standard library's ``http.client``, pooled and kept alive.
Measured on this project's server: about 6,000-7,800 lookups/s from one Python thread, against 2,200-2,900 through
``httpx.Client`` (which the asyncio client uses)."""

from __future__ import annotations

import http.client
import json
import queue
import socket
from dataclasses import dataclass
from typing import Any, Dict, Mapping, Optional, Protocol
from urllib.parse import urlencode, urlsplit


@dataclass(frozen=True)
class Reply:
    status: int
    headers: Mapping[str, str]
    body: bytes


class WireError(Exception):
    """The server could not be reached, or the connection broke before an answer came."""


class Transport(Protocol):
    """How the synchronous client sends one request (tests wrap it to lose answers on purpose)."""

    def send(self, method: str, path: str, params: Optional[Mapping[str, str]], headers: Mapping[str, str],
             body: Optional[bytes]) -> Reply: ...

    def close(self) -> None: ...


_STALE = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)


class Connections:
    """Keep-alive connections to one server, reused last-in first-out; any number of threads. A reused connection
    the server had closed while idle (it answers nothing, having read nothing) is replaced once, transparently."""

    def __init__(self, base_url: str, timeout: float, headers: Mapping[str, str]) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https"):
            raise ValueError(f"url must be http:// or https://, was {base_url!r}")
        self._https = parts.scheme == "https"
        self._host = parts.hostname or "127.0.0.1"
        self._port = parts.port or (443 if self._https else 80)
        self._prefix = parts.path.rstrip("/")
        self._timeout = timeout
        self._headers = dict(headers)
        self._idle: "queue.LifoQueue[http.client.HTTPConnection]" = queue.LifoQueue()

    def _open(self) -> http.client.HTTPConnection:
        kind = http.client.HTTPSConnection if self._https else http.client.HTTPConnection
        connection = kind(self._host, self._port, timeout=self._timeout)
        connection.connect()
        connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return connection

    def send(self, method: str, path: str, params: Optional[Mapping[str, str]], headers: Mapping[str, str],
             body: Optional[bytes]) -> Reply:
        target = self._prefix + path + ("?" + urlencode(params) if params else "")
        all_headers = {**self._headers, **headers}
        if body is not None:
            all_headers["Content-Length"] = str(len(body))
        for fresh in (False, True):
            connection: Optional[http.client.HTTPConnection] = None
            reused = False
            try:
                if not fresh:
                    try:
                        connection = self._idle.get_nowait()
                        reused = True
                    except queue.Empty:
                        pass
                if connection is None:
                    connection = self._open()
                connection.request(method, target, body=body, headers=all_headers)
                response = connection.getresponse()
                data = response.read()
            except _STALE as error:
                if connection is not None:
                    connection.close()
                if reused:
                    continue
                raise WireError(str(error)) from error
            except (OSError, http.client.HTTPException) as error:
                if connection is not None:
                    connection.close()
                raise WireError(str(error)) from error
            if response.will_close:
                connection.close()
            else:
                self._idle.put(connection)
            return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, data)
        raise WireError("the connection kept closing")

    def close(self) -> None:
        while True:
            try:
                self._idle.get_nowait().close()
            except queue.Empty:
                return


def encode(body: Any) -> bytes:
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def decode(data: bytes) -> Any:
    if not data:
        return {}
    try:
        return json.loads(data)
    except ValueError:
        return {"detail": data.decode("utf-8", "replace")}


def json_headers(key: Optional[str]) -> Dict[str, str]:
    headers = {"Content-Type": "application/json"}
    if key:
        headers["Idempotency-Key"] = key
    return headers
