"""The offline vectors made in a process of their own, beside the reading worker."""

from __future__ import annotations

import numpy as np

from index.embedding import HashingEmbedder
from index.storage.sources import SourcePool

TEXTS = ["Byrådet godkendte budgettet for 2025", "Udvalget tog orienteringen til efterretning"]


def test_offline_vectors_made_beside_the_reading_equal_those_made_in_line() -> None:
    embedder = HashingEmbedder()
    with SourcePool(embedder, workers=1) as pool:
        assert pool.embeds_in_workers
        made = pool.vectors(pool.embed_later(TEXTS), TEXTS).vectors
    assert np.array_equal(made, embedder.embed_documents(TEXTS))


def test_without_workers_the_offline_vectors_are_made_in_line() -> None:
    embedder = HashingEmbedder()
    with SourcePool(embedder, workers=0) as pool:
        assert not pool.embeds_in_workers
        made = pool.vectors(pool.embed_later(TEXTS), TEXTS).vectors
    assert np.array_equal(made, embedder.embed_documents(TEXTS))
