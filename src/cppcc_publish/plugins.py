"""Plug-ins: the installed entry points of a group, for the reader and writer registries.

Looked up once for each ``sys.path``: the look-up reads every installed package's
metadata, and a build asks for a reader for each file it reads.  A plug-in installed
while a process runs is seen by that process only if its ``sys.path`` changes.
"""

from __future__ import annotations

import functools
import importlib.metadata
import sys


def entry_points(group: str) -> tuple[importlib.metadata.EntryPoint, ...]:
    """The installed entry points of ``group``."""
    return _entry_points_on(group, tuple(sys.path))


@functools.lru_cache(maxsize=8)
def _entry_points_on(group: str, path: tuple[str, ...]) -> tuple[importlib.metadata.EntryPoint, ...]:
    return tuple(importlib.metadata.entry_points(group=group))


def origin(ep: importlib.metadata.EntryPoint) -> str:
    """Where a plug-in comes from, for messages: ``entry point pkg.mod:obj (dist)``."""
    dist = getattr(ep, "dist", None)
    dist_name = getattr(dist, "name", None) if dist is not None else None
    return f"entry point {ep.value}" + (f" ({dist_name})" if dist_name else "")
