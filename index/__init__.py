"""The index: storage, search and answers behind one Engine. Code outside `index/` imports from here.

    from index import Settings, open_engine
    engine = open_engine(Settings(data_dir=Path("data")))
    answer = engine.ask("Hvad besluttede byrådet om skolen?")
"""

from index.answers.brief_docx import brief_to_docx
from index.answers.composition import DEFAULT_THRESHOLD
from index.answers.preparation import BriefEntry, MeetingBrief, brief_to_markdown, escape_markdown
from index.answers.types import Answer, Citation, Quote
from index.embedding import Embedder, load_embedder
from index.engine import ANSWER_CANDIDATES, Engine, Reply, Tuning, open_engine
from index.model import Filters, ItemHit
from index.process import EngineProcess
from index.search.question import AnswerType, QuestionKind, is_follow_up
from index.search.question import Question as QuestionScope
from index.search.retrieval import FusionWeights, Mode
from index.status import EngineStatus
from index.storage.catalog import case_key
from index.storage.index import IndexStats, has_index
from index.storage.ingestion import IngestSummary
from referat.settings import Settings

__all__ = [
    "ANSWER_CANDIDATES",
    "DEFAULT_THRESHOLD",
    "Answer",
    "AnswerType",
    "BriefEntry",
    "Citation",
    "Embedder",
    "Engine",
    "EngineProcess",
    "EngineStatus",
    "Filters",
    "FusionWeights",
    "IndexStats",
    "IngestSummary",
    "ItemHit",
    "MeetingBrief",
    "Mode",
    "QuestionKind",
    "QuestionScope",
    "Quote",
    "Reply",
    "Settings",
    "Tuning",
    "brief_to_docx",
    "brief_to_markdown",
    "case_key",
    "escape_markdown",
    "has_index",
    "is_follow_up",
    "load_embedder",
    "open_engine",
]
