"""Domain exceptions of the index; the CLI and the app turn them into user messages."""

from __future__ import annotations


class IndexingError(Exception):
    """Something about the index or its models that the user must act on; the message says what to do."""


class EmbedderMismatch(IndexingError):
    pass


class ModelUnavailable(IndexingError):
    pass
