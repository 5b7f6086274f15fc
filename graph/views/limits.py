"""The page's limits, named without importing the page's writer (the command line shows them in its help)."""

from __future__ import annotations

__all__ = ["MAX_NODES"]

MAX_NODES = 5000
"""The default cap on nodes in the page; larger graphs show their best-connected part."""
