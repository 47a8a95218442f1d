"""``AsyncDatasetsClient``: ``DatasetsClient`` for asyncio, the same methods awaited, the same requests and answers
(built and read in ``_calls``)."""

from __future__ import annotations

import asyncio
import random
from typing import Any, Dict, Optional, TypeVar

import httpx

from . import _calls as calls
from ._calls import Call
from ._operations_async import AsyncOperations
from .client import RETRYABLE_STATUSES, _base_url, _headers

T = TypeVar("T")


def _request_args(call: Call[Any]) -> Dict[str, Any]:
    args: Dict[str, Any] = {"params": call.params}
    headers = {"Idempotency-Key": call.key} if call.key else {}
    if call.body is not None:
        args["json"] = call.body
    elif call.method == "POST":
        headers["Content-Type"] = "application/json"
    args["headers"] = headers
    return args


def _decode(response: httpx.Response, call: Call[Any]) -> Any:
    if call.text and response.status_code < 400:
        return response.text
    if not response.content:
        return {}
    try:
        return response.json()
    except ValueError:
        return {"detail": response.text}


class AsyncDatasetsClient(AsyncOperations):
    """``DatasetsClient`` for asyncio (one per event loop): the same methods, awaited; the same retries."""

    def __init__(self, url: Optional[str] = None, *, token: Optional[str] = None, timeout: float = 60.0,
                 retries: int = 4, transport: Optional[httpx.AsyncBaseTransport] = None) -> None:
        self.url = _base_url(url)
        self._http = httpx.AsyncClient(base_url=self.url, headers=_headers(token), timeout=timeout, transport=transport,
                                       limits=httpx.Limits(max_connections=64, max_keepalive_connections=32))
        self._retries = retries

    async def _send(self, call: Call[T]) -> T:
        attempt = 0
        while True:
            try:
                response = await self._http.request(call.method, call.path, **_request_args(call))
            except httpx.TransportError as error:
                if not call.retryable or attempt >= self._retries:
                    raise calls.failure(call, error) from error
                await asyncio.sleep(calls.retry_after({}, attempt, random.random()))
                attempt += 1
                call = call.on_retry or call
                continue
            if response.status_code in RETRYABLE_STATUSES and call.retryable and attempt < self._retries:
                await asyncio.sleep(calls.retry_after(response.headers, attempt, random.random()))
                attempt += 1
                continue
            return calls.answer(response.status_code, _decode(response, call), call)

    async def close(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> "AsyncDatasetsClient":
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.close()
