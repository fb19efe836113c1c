"""Domain exceptions. Library code raises them with a message that says what is wrong (with numbers where there are
some); only the entry points (CLI, app) turn them into one-line user messages."""

from __future__ import annotations


class ReferatError(Exception):
    """Base of every error a user can act on."""


class IngestError(ReferatError):
    """A source file could not be read as minutes. The message names the reason; the caller adds the file."""


class UnsupportedFormat(IngestError):
    pass


class IndexingError(ReferatError):
    """Something about the index or its models that the user must act on; the message says what to do."""


class EmbedderMismatch(IndexingError):
    pass


class ModelUnavailable(IndexingError):
    pass


class VectorStoreUnavailable(IndexingError):
    """The vector store (a Chroma server) cannot be reached or stopped answering within the timeouts."""


class WriterBusy(IndexingError):
    """Another process is writing to the data folder (ingest holds its lock)."""


class EngineUnavailable(ReferatError):
    """The engine's own process cannot answer now (the app answers in a process of its own)."""


class EngineStopped(EngineUnavailable):
    """The engine process stopped (a new one is being started) or was closed."""


class EngineBusy(EngineUnavailable):
    """The engine process gave no answer within the call's time limit: it is working through others' questions."""
