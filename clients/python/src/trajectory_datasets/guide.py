"""The guide's module, over HTTP: change ``from verl.utils.database.mysql import ...`` to
``from trajectory_datasets import ...`` and the guide's code runs unchanged (see the package README for where the
server differs from the guide on purpose)."""

from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Any, Dict, Iterator, List, Mapping, Optional

from .client import DatasetsClient

DB_CONFIG: Dict[str, Any] = {"url": os.environ.get("DATASETS_URL"), "token": os.environ.get("DATASETS_API_TOKEN")}
"""The guide's configuration, for a server: ``url`` and ``token`` (from ``DATASETS_URL`` / ``DATASETS_API_TOKEN``).
MySQL keys (``host``, ``user``, ``password``, ``database``, ``port``, ``charset``) are accepted and unused: the server
holds the database settings. ``connect_timeout``/``read_timeout``/``write_timeout`` set the client's timeout."""


class Dataset:
    """The guide's ORM row for ``session.add(Dataset(**fields))`` (see ``MySQLDatasetsORM.get_session``)."""

    def __init__(self, trajectory_id: str, run_id: Optional[str] = None, used: int = 0, model_version: int = 0,
                 **extra: Any) -> None:
        self.trajectory_id = trajectory_id
        self.run_id = run_id
        self.used = used
        self.model_version = model_version
        self.extra = extra

    def fields(self) -> Dict[str, Any]:
        return {"trajectory_id": self.trajectory_id, "run_id": self.run_id, "used": self.used,
                "model_version": self.model_version, **self.extra}


class Session:
    """What the guide's ``get_session()`` blocks use of a SQLAlchemy session: ``add`` rows and ``commit`` them, as one
    batch create (all or nothing). ``query`` is not offered: use the manager's methods."""

    def __init__(self, client: DatasetsClient) -> None:
        self._client = client
        self._pending: List[Dataset] = []

    def add(self, dataset: Dataset) -> None:
        self._pending.append(dataset)

    def commit(self) -> None:
        for start in range(0, len(self._pending), 10_000):
            self._client.create_datasets([d.fields() for d in self._pending[start:start + 10_000]])
        self._pending.clear()

    def rollback(self) -> None:
        self._pending.clear()


class MySQLDatasetsORM(DatasetsClient):
    """The guide's manager, talking to a trajectory-datasets server instead of MySQL."""

    def __init__(self, config: Optional[Mapping[str, Any]] = None) -> None:
        config = dict(config if config is not None else DB_CONFIG)
        timeouts = [float(config[key]) for key in ("connect_timeout", "read_timeout", "write_timeout") if config.get(key)]
        super().__init__(config.get("url"), token=config.get("token"), timeout=max(timeouts) if timeouts else 60.0)

    @contextmanager
    def get_session(self) -> Iterator[Session]:
        """Rows added in the block are created together when it ends (or at ``commit()``); nothing if it raises."""
        session = Session(self)
        try:
            yield session
        except BaseException:
            session.rollback()
            raise
        session.commit()


def create_database_manager(config: Optional[Mapping[str, Any]] = None) -> MySQLDatasetsORM:
    """The guide's factory."""
    return MySQLDatasetsORM(config)
