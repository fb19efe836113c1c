from __future__ import annotations

from pathlib import Path

import numpy as np

from index.storage.embedding_cache import EmbeddingCache, text_hash


def test_a_stored_vector_is_found_for_the_same_model_and_text(tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path / "embeddings.sqlite")
    cache.store("model-a", ["Godkendt.", "Anbefales."], np.array([[1, 0], [0, 1]], dtype=np.float32))
    found = cache.lookup("model-a", ["Anbefales.", "Taget til efterretning.", "Godkendt."], dimension=2)
    assert [None if v is None else v.tolist() for v in found] == [[0.0, 1.0], None, [1.0, 0.0]]


def test_another_model_misses(tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path / "embeddings.sqlite")
    cache.store("model-a", ["Godkendt."], np.array([[1, 0]], dtype=np.float32))
    assert cache.lookup("model-b", ["Godkendt."], dimension=2) == [None]
    assert (cache.count("model-a"), cache.count("model-b")) == (1, 0)


def test_a_vector_of_another_size_misses(tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path / "embeddings.sqlite")
    cache.store("model-a", ["Godkendt."], np.array([[1, 0]], dtype=np.float32))
    assert cache.lookup("model-a", ["Godkendt."], dimension=3) == [None]


def test_the_cache_outlives_its_connection(tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path / "embeddings.sqlite")
    cache.store("model-a", ["Godkendt."], np.array([[0.6, 0.8]], dtype=np.float32))
    cache.close()
    found = EmbeddingCache(tmp_path / "embeddings.sqlite").lookup("model-a", ["Godkendt."], dimension=2)
    assert np.array_equal(found[0], np.array([0.6, 0.8], dtype=np.float32))


def test_text_hash_tells_texts_apart_and_is_stable() -> None:
    assert text_hash("Godkendt.") == text_hash("Godkendt.")
    assert text_hash("Godkendt.") != text_hash("Godkendt")
    assert len(text_hash("Godkendt.")) == 16
