"""Text → normalized vectors: a sentence-transformers model, or the offline lexical vectorizer (no download)."""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from referat.errors import ModelUnavailable

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

log = logging.getLogger(__name__)

OFFLINE_NAME = "offline-hashing-v1"
HUB_HOST = "huggingface.co"


class Embedder(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def dimension(self) -> int: ...

    @property
    def offline(self) -> bool: ...

    @property
    def offline_reason(self) -> str | None:
        """Why an offline embedder is used (asked for, or the model failed to load); None for a model."""
        ...

    @property
    def batch_size(self) -> int:
        """Texts per forward pass; ingestion hands the embedder several batches at a time."""
        ...

    def embed_documents(self, texts: list[str], progress: bool = False) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


class Reranker(Protocol):
    """A cross-encoder: one relevance score per (question, passage) pair."""

    def predict(self, pairs: list[tuple[str, str]], show_progress_bar: bool = False) -> Sequence[float]: ...


@dataclass(frozen=True, slots=True)
class Prompts:
    query: str = ""
    document: str = ""


def prompts_for(model: str) -> Prompts:
    """The query/passage prefixes a model was trained with; e5 models rank noticeably worse without them."""
    lowered = model.lower()
    if "e5" in lowered and "instruct" not in lowered:
        return Prompts(query="query: ", document="passage: ")
    if "bge" in lowered and "m3" not in lowered:
        return Prompts(query="Represent this sentence for searching relevant passages: ")
    return Prompts()


# The reason an offline embedder carries when the user asked for offline mode (rather than a failed model load).
OFFLINE_REQUESTED = "offline mode was requested"


class HashingEmbedder:
    """Character n-gram hashing: deterministic, corpus-independent, no model to download.

    Weak on paraphrases, but it keeps dense search and the hybrid pipeline working in offline mode. The vectors are
    exactly those of scikit-learn's HashingVectorizer(analyzer="char_wb", ngram_range=(3, 5), alternate_sign=False,
    norm="l2") (a test holds the two together), made word by word: a word's n-gram features are hashed once and
    reused, which is several times faster than hashing every n-gram of every text, as Danish minutes repeat words."""

    # Words whose features are kept; past this the memo starts afresh (bounded memory on any corpus).
    MEMO_WORDS = 500_000

    def __init__(self, dimension: int = 1024, reason: str = OFFLINE_REQUESTED) -> None:
        self._dimension = dimension
        self.reason = reason
        self._features: dict[str, np.ndarray] = {}

    @property
    def name(self) -> str:
        return f"{OFFLINE_NAME}-{self._dimension}"

    @property
    def dimension(self) -> int:
        return self._dimension

    @property
    def offline(self) -> bool:
        return True

    @property
    def offline_reason(self) -> str | None:
        return self.reason

    @property
    def batch_size(self) -> int:
        return 1024

    def embed_documents(self, texts: list[str], progress: bool = False) -> np.ndarray:
        from scipy.sparse import csr_matrix
        from sklearn.preprocessing import normalize

        if not texts:
            return np.zeros((0, self._dimension), dtype=np.float32)
        counts = np.zeros((len(texts), self._dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            features = [self._word_features(word) for word in text.lower().split()]
            if features:
                counts[row] = np.bincount(np.concatenate(features), minlength=self._dimension)
        # scikit-learn's own sparse normalization, so the vectors match HashingVectorizer's to the last bit.
        normalized: np.ndarray = normalize(csr_matrix(counts), norm="l2").toarray()
        return _normalize(normalized)

    def _word_features(self, word: str) -> np.ndarray:
        features = self._features.get(word)
        if features is None:
            if len(self._features) >= self.MEMO_WORDS:
                self._features.clear()
            features = self._features[word] = hash_features(char_wb_ngrams(word), self._dimension)
        return features

    def embed_query(self, text: str) -> np.ndarray:
        vector: np.ndarray = self.embed_documents([text])[0]
        return vector


class SentenceTransformerEmbedder:
    def __init__(self, model: SentenceTransformer, model_name: str, prompts: Prompts, batch_size: int = 32) -> None:
        self._model = model
        self._model_name = model_name
        self._prompts = prompts
        self._batch_size = batch_size

    @property
    def name(self) -> str:
        return f"sentence-transformers:{self._model_name}"

    @property
    def dimension(self) -> int:
        dimension = self._model.get_embedding_dimension()
        if dimension is None:
            raise ModelUnavailable(f"model {self._model_name!r} does not state the dimension of its embeddings")
        return int(dimension)

    @property
    def offline(self) -> bool:
        return False

    @property
    def offline_reason(self) -> str | None:
        return None

    @property
    def batch_size(self) -> int:
        return self._batch_size

    def embed_documents(self, texts: list[str], progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self._model.encode(
            texts, prompt=self._prompts.document or None, batch_size=self._batch_size,
            normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=progress,
        )
        return np.asarray(vectors, dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        vector = self._model.encode(
            [text], prompt=self._prompts.query or None, normalize_embeddings=True, convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vector[0], dtype=np.float32)


def char_wb_ngrams(word: str, shortest: int = 3, longest: int = 5) -> list[str]:
    """The n-grams scikit-learn's "char_wb" analyzer makes of one word: padded with a space each side, a word
    shorter than n yields itself once."""
    padded = f" {word} "
    grams: list[str] = []
    for n in range(shortest, longest + 1):
        grams.extend(padded[i:i + n] for i in range(max(1, len(padded) - n + 1)))
        if len(padded) <= n:
            break
    return grams


def hash_features(grams: list[str], dimension: int) -> np.ndarray:
    """Feature indices as scikit-learn's FeatureHasher computes them (signed MurmurHash3, seed 0, |h| mod n)."""
    from sklearn.utils import murmurhash3_32

    hashes = [int(murmurhash3_32(g, seed=0)) for g in grams]
    return np.array([(2**31 - 1 - (dimension - 1)) % dimension if h == -2**31 else abs(h) % dimension
                     for h in hashes], dtype=np.int64)


def _normalize(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.where(norms == 0, 1, norms)).astype(np.float32)


def hub_reachable(timeout: float = 3.0, host: str = HUB_HOST) -> bool:
    """A bounded probe: where the network is closed, a hub request hangs for over a minute before it fails."""
    result: list[bool] = []

    def probe() -> None:
        try:
            with socket.create_connection((host, 443), timeout=timeout):
                result.append(True)
        except OSError:
            result.append(False)

    worker = threading.Thread(target=probe, daemon=True)
    worker.start()
    worker.join(timeout)
    return bool(result and result[0])


def _is_cached(model: str) -> bool:
    from huggingface_hub import snapshot_download

    try:
        snapshot_download(model, local_files_only=True)
        return True
    except Exception:
        return False


@dataclass(frozen=True, slots=True)
class DeviceChoice:
    """Where a model encodes and how: a GPU gets half precision and batches large enough to keep it busy."""

    device: str
    half: bool
    batch_size: int

    def describe(self) -> str:
        return f"{self.device} ({'half' if self.half else 'full'} precision, batches of {self.batch_size})"


# Per device kind: half precision, batch size. Half precision on a CPU is slower than full, not faster.
DEVICE_PROFILES: dict[str, tuple[bool, int]] = {"cuda": (True, 128), "mps": (True, 64), "cpu": (False, 32)}


def choose_device(requested: str | None, cuda: bool, mps: bool) -> DeviceChoice:
    """The device to encode on: the one asked for (cpu, cuda, cuda:1, mps), else a GPU when one is present."""
    device = requested or ("cuda" if cuda else "mps" if mps else "cpu")
    half, batch_size = DEVICE_PROFILES.get(device.split(":", 1)[0], DEVICE_PROFILES["cpu"])
    return DeviceChoice(device, half, batch_size)


def detect_device(requested: str | None) -> DeviceChoice:
    if requested:
        return choose_device(requested, cuda=False, mps=False)
    import torch

    mps = getattr(torch.backends, "mps", None)
    return choose_device(None, torch.cuda.is_available(), bool(mps and mps.is_available()))


def pick_device(device: str | None) -> str:
    return detect_device(device).device


def load_sentence_transformer(model: str, device: str | None = None,
                              hub_offline: bool = False) -> SentenceTransformerEmbedder:
    """Load a model by local path or hub name without ever waiting on an unreachable hub.

    Raises ModelUnavailable with the reason when it cannot be loaded."""
    local = Path(model).expanduser()
    if local.exists():
        source, local_only = str(local), True
    elif _is_cached(model):
        source, local_only = model, True
    elif hub_offline:
        raise ModelUnavailable(f"model {model!r} is not in the local cache and HF_HUB_OFFLINE is set")
    elif not hub_reachable():
        raise ModelUnavailable(f"model {model!r} is not in the local cache and {HUB_HOST} cannot be reached")
    else:
        source, local_only = model, False
    try:
        from sentence_transformers import SentenceTransformer

        choice = detect_device(device)
        loaded = SentenceTransformer(source, device=choice.device, local_files_only=local_only)
        if choice.half:
            loaded.half()
    except Exception as error:  # surfaced as one clear reason
        raise ModelUnavailable(f"model {model!r} could not be loaded: {type(error).__name__}: {error}") from error
    log.info("loaded embedding model %s; encoding on %s", model, choice.describe())
    return SentenceTransformerEmbedder(loaded, model, prompts_for(model), choice.batch_size)


def load_embedder(model: str, offline: bool = False, device: str | None = None,
                  hub_offline: bool = False) -> Embedder:
    """The configured embedder, or the offline vectorizer when asked for or when the model cannot be loaded."""
    if offline:
        log.info("offline mode: using the built-in lexical vectorizer %s (no model download)", OFFLINE_NAME)
        return HashingEmbedder()
    try:
        return load_sentence_transformer(model, device, hub_offline)
    except ModelUnavailable as error:
        log.warning("%s; falling back to offline mode (built-in lexical vectorizer, no download)", error)
        return HashingEmbedder(reason=str(error))


def load_reranker(model: str, device: str | None) -> Reranker | None:
    """A cross-encoder, or None (reranking off) when it cannot be loaded without waiting on the network."""
    local = Path(model).expanduser()
    if not local.exists() and not hub_reachable():
        log.warning("reranker %s is not a local path and the hub cannot be reached; reranking is off", model)
        return None
    try:
        from sentence_transformers import CrossEncoder

        reranker: Reranker = CrossEncoder(str(local) if local.exists() else model, device=pick_device(device))
    except Exception as error:
        log.warning("reranker %s could not be loaded (%s); reranking is off", model, ModelUnavailable(str(error)))
        return None
    return reranker
