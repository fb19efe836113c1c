"""Domain exceptions; entry points turn them into one-line user messages."""

from __future__ import annotations


class IngestError(Exception):
    """A source file could not be read as minutes. The message names the reason; the caller adds the file."""


class UnsupportedFormat(IngestError):
    pass
