"""newsdesk: turn news articles into tidy, traceable tables and notebook reports."""

from __future__ import annotations

import logging

__all__: list[str] = []
__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())
