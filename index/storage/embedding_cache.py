"""The embedding cache: vectors a model has made, keyed by (model name, text hash), in its own SQLite file.

It lives apart from the catalog on purpose: `--rebuild` deletes the catalog (another model, damaged index), and the
cache must outlive exactly that, so a rebuild with the same model and re-published meetings with unchanged chunks cost
no encoding. Entries of several models sit side by side; a model's name is part of every key."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import numpy as np

CACHE_FILE = "embeddings.sqlite"
# SQLite's default limit on bound parameters is 32,766; one lookup binds the model and one key per text.
_LOOKUP_BATCH = 900

_SCHEMA = """
CREATE TABLE IF NOT EXISTS embeddings (
    model TEXT NOT NULL, text_hash BLOB NOT NULL, vector BLOB NOT NULL, PRIMARY KEY (model, text_hash)
) WITHOUT ROWID;
"""


def text_hash(text: str) -> bytes:
    """16 bytes of BLAKE2b: collisions are out of reach for any corpus of minutes."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


class EmbeddingCache:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        self._db.close()

    def lookup(self, model: str, texts: Sequence[str], dimension: int) -> list[np.ndarray | None]:
        """Each text's cached vector, or None where this model has not embedded that text yet."""
        keys = [text_hash(t) for t in texts]
        found: dict[bytes, np.ndarray] = {}
        for start in range(0, len(keys), _LOOKUP_BATCH):
            batch = list(dict.fromkeys(keys[start:start + _LOOKUP_BATCH]))
            marks = ",".join("?" * len(batch))
            rows = self._db.execute(
                f"SELECT text_hash, vector FROM embeddings WHERE model = ? AND text_hash IN ({marks})", (model, *batch),
            ).fetchall()
            for key, blob in rows:
                vector = np.frombuffer(blob, dtype=np.float32)
                if len(vector) == dimension:  # a model re-saved under the same name with another size: a miss
                    found[key] = vector
        return [found.get(k) for k in keys]

    def store(self, model: str, texts: Sequence[str], vectors: np.ndarray) -> None:
        if len(texts) != len(vectors):
            raise ValueError(f"{len(texts)} texts but {len(vectors)} vectors")
        rows = [(model, text_hash(t), np.asarray(v, dtype=np.float32).tobytes())
                for t, v in zip(texts, vectors, strict=True)]
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO embeddings VALUES (?, ?, ?)", rows)

    def count(self, model: str) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM embeddings WHERE model = ?", (model,)).fetchone()[0])
