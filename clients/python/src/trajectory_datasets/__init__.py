"""Python client for trajectory-datasets: ``DatasetsClient`` / ``AsyncDatasetsClient``, and the guide's module as
a drop-in (``create_database_manager``, ``MySQLDatasetsORM``, ``DB_CONFIG``, ``Dataset``)."""

from .aio import AsyncDatasetsClient
from .async_steps import AsyncGroupFeed, AsyncStep
from .client import DatasetsClient
from .steps import GroupFeed, Step
from .errors import (ConnectionFailed, DatasetsError, Duplicate, IdempotencyKeyReused, InvalidRequest, LeaseExpired,
                     LeaseNotFound, NotFound, NothingClaimed, ServerError, StoreUnavailable, Unauthorized, UsageLimitReached)
from .guide import DB_CONFIG, Dataset, MySQLDatasetsORM, Session, create_database_manager

__version__ = "0.1.0"

__all__ = ["AsyncDatasetsClient", "AsyncGroupFeed", "AsyncStep", "ConnectionFailed", "DB_CONFIG", "Dataset", "DatasetsClient", "DatasetsError", "Duplicate",
           "GroupFeed", "IdempotencyKeyReused", "InvalidRequest", "LeaseExpired", "LeaseNotFound", "MySQLDatasetsORM",
           "NotFound", "NothingClaimed", "ServerError", "Session", "Step", "StoreUnavailable", "Unauthorized", "UsageLimitReached",
           "create_database_manager", "__version__"]
