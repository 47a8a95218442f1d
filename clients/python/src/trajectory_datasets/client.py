"""``DatasetsClient``: the server's API for Python, with the guide's methods under the guide's names."""

from __future__ import annotations

import os
import random
import time
from typing import Any, Dict, Optional, TypeVar

from . import _calls as calls
from . import _wire as wire
from ._calls import Call
from ._operations import Operations

T = TypeVar("T")

DEFAULT_URL = "http://127.0.0.1:8080"
RETRYABLE_STATUSES = (429, 503)


def _base_url(url: Optional[str]) -> str:
    return (url or os.environ.get("DATASETS_URL") or DEFAULT_URL).rstrip("/")


def _headers(token: Optional[str]) -> Dict[str, str]:
    token = token if token is not None else os.environ.get("DATASETS_API_TOKEN")
    return {"Authorization": f"Bearer {token}"} if token else {}


def _body(call: Call[Any]) -> Optional[bytes]:
    if call.body is not None:
        return wire.encode(call.body)
    return b"" if call.method in ("POST", "PATCH") else None


def _read(status: int, data: bytes, call: Call[Any]) -> Any:
    return data.decode("utf-8", "replace") if call.text and status < 400 else wire.decode(data)


class DatasetsClient(Operations):
    """A pooled, keep-alive HTTP client of one server (``url``, else ``DATASETS_URL``, else
    ``http://127.0.0.1:8080``; token from ``token`` or ``DATASETS_API_TOKEN``). Thread-safe; share one.

    GETs, and POSTs (each sent with an idempotency key of its own, reused on every retry), are retried on
    connection errors and on 503/429 with backoff and jitter, up to ``retries`` times; PATCH and DELETE are not.
    The guide's methods keep its names, arguments, defaults and return shapes (see the package README for where
    this server differs on purpose)."""

    def __init__(self, url: Optional[str] = None, *, token: Optional[str] = None, timeout: float = 60.0,
                 retries: int = 4, transport: Optional[wire.Transport] = None) -> None:
        self.url = _base_url(url)
        self._wire: wire.Transport = transport or wire.Connections(self.url, timeout, _headers(token))
        self._retries = retries

    # ---- plumbing ----

    def _send(self, call: Call[T]) -> T:
        attempt = 0
        while True:
            try:
                reply = self._wire.send(call.method, call.path, call.params, wire.json_headers(call.key), _body(call))
            except wire.WireError as error:
                if not call.retryable or attempt >= self._retries:
                    raise calls.failure(call, error) from error
                time.sleep(calls.retry_after({}, attempt, random.random()))
                attempt += 1
                call = call.on_retry or call
                continue
            if reply.status in RETRYABLE_STATUSES and call.retryable and attempt < self._retries:
                time.sleep(calls.retry_after(reply.headers, attempt, random.random()))
                attempt += 1
                continue
            return calls.answer(reply.status, _read(reply.status, reply.body, call), call)

    def close(self) -> None:
        self._wire.close()

    def __enter__(self) -> "DatasetsClient":
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
