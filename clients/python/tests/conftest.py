"""The real server for the tests: ``bootstrap/target/trajectory-datasets.jar`` (built by ``./mvnw package``) on a
free port, in memory, or on a scratch schema of the MariaDB that ``DATASETS_TEST_JDBC_URL`` names (as in CI)."""

from __future__ import annotations

import os
import re
import subprocess
import time
import uuid
from pathlib import Path
from typing import Dict, Iterator, Tuple

import pytest

ROOT = Path(__file__).resolve().parents[3]
JAR = ROOT / "bootstrap" / "target" / "trajectory-datasets.jar"


def _schema_env() -> tuple[dict[str, str], str | None]:
    url = os.environ.get("DATASETS_TEST_JDBC_URL")
    if not url:
        return {"DATASETS_STORE": "memory"}, None
    schema = "pyclient_" + uuid.uuid4().hex[:8]
    subprocess.run(["mariadb", "-e", f"CREATE DATABASE {schema} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"], check=True)
    base = url[: url.index("/", url.index("//") + 2)]
    return {"DATASETS_STORE": "mysql", "DATASETS_JDBC_URL": f"{base}/{schema}", "DATASETS_DB_USER": "root",
            "DATASETS_DB_PASSWORD": ""}, schema


def _serve(store: Dict[str, str]) -> Tuple["subprocess.Popen[str]", str]:
    if not JAR.exists():
        pytest.fail(f"{JAR} is missing: run ./mvnw -B package -DskipTests first")
    env = {name: value for name, value in os.environ.items() if not name.startswith("DATASETS_")}
    env.update(store)
    process = subprocess.Popen(["java", "-jar", str(JAR), "serve", "--port", "0"], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 60
    assert process.stdout is not None
    seen = []
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        seen.append(line)
        found = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
        if found:
            return process, f"http://127.0.0.1:{found.group(1)}"
    process.kill()
    pytest.fail("the server did not start:\n" + "".join(seen))


@pytest.fixture(scope="session")
def server_url() -> Iterator[str]:
    store, schema = _schema_env()
    process, url = _serve(store)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(30)
        if schema:
            subprocess.run(["mariadb", "-e", f"DROP DATABASE IF EXISTS {schema}"], check=False)


@pytest.fixture(scope="session")
def token_server_url() -> Iterator[str]:
    """A second server, in memory, that wants the bearer token ``secret-token``."""
    process, url = _serve({"DATASETS_STORE": "memory", "DATASETS_API_TOKEN": "secret-token"})
    try:
        yield url
    finally:
        process.terminate()
        process.wait(30)


@pytest.fixture(autouse=True)
def _point_at_server(server_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The guide's code builds its manager with no arguments: it finds the server through ``DATASETS_URL``."""
    monkeypatch.setenv("DATASETS_URL", server_url)
    monkeypatch.delenv("DATASETS_API_TOKEN", raising=False)


def unique(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:10]}"
