"""The index's public face: what entry points and the web package import."""

from index.answer import Answer, Citation, Quote
from index.engine import Engine, EngineStatus, open_engine
from index.indexer import IndexStats
from index.model import Filters, ItemHit
from index.preparation import MeetingBrief, brief_to_markdown
from index.retrieval import Mode
from ingest.pipeline import IngestSummary

__all__ = ["Answer", "Citation", "Engine", "EngineStatus", "Filters", "IndexStats", "IngestSummary", "ItemHit",
           "MeetingBrief", "Mode", "Quote", "brief_to_markdown", "open_engine"]
