"""Server-rendered web pages (placeholder, being written)."""

from __future__ import annotations

from fastapi import FastAPI

__all__ = ["install_web"]


def install_web(app: FastAPI) -> None:
    """Mount the web pages on ``app``."""
