"""Writes ``_operations.py`` (the blocking client's calls) from ``_operations_async.py``, as httpcore generates its
sync code from its async code: ``python scripts/unasync.py`` rewrites it, ``--check`` fails when it is out of date."""

from __future__ import annotations

import re
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "trajectory_datasets"
SOURCE = PACKAGE / "_operations_async.py"
TARGET = PACKAGE / "_operations.py"

# Whole-word replacements, in order: the async spellings and their blocking counterparts.
WORDS = [
    ("AsyncOperations", "Operations"), ("AsyncDatasetsClient", "DatasetsClient"), ("AsyncIterator", "Iterator"),
    ("asynccontextmanager", "contextmanager"), ("AsyncStep", "Step"), ("AsyncGroupFeed", "GroupFeed"),
    ("async_steps", "steps"), ("asyncio client", "blocking client"),
]
PREFIXES = [("async def ", "def "), ("async with ", "with "), ("async for ", "for "), ("await ", "")]


def unasync(text: str) -> str:
    docstring, body = text.split('"""', 2)[1], text.split('"""', 2)[2]
    body = body.replace("from __future__", "from __future__", 1)
    for old, new in PREFIXES:
        body = body.replace(old, new)
    for old, new in WORDS:
        body = re.sub(r"\b" + old + r"\b", new, body)
    header = ('"""Every call of the blocking client, generated from ``_operations_async.py`` by ``scripts/unasync.py``:\n'
              'edit that file and run the script, never this one."""')
    return header + body


def main(argv: list[str]) -> int:
    generated = unasync(SOURCE.read_text())
    if "--check" in argv:
        if TARGET.read_text() != generated:
            print(f"{TARGET.name} is out of date: run python {Path(__file__).name}", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(generated)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
