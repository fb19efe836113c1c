from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import HashingVectorizer

from index.embedding import HashingEmbedder, _normalize, char_wb_ngrams
from tests.conftest import HERNING_AGENDA, HERNING_MINUTES


def test_vectors_are_scikit_learns_to_the_last_bit() -> None:
    texts = [p for f in (HERNING_MINUTES, HERNING_AGENDA) for p in f.read_text(encoding="utf-8").split("\n\n")]
    texts += ["", "   ", "Å", "ab", "Økonomiudvalget\tGodkendt.\n\nAffaldsindsamling 2024"]
    reference = HashingVectorizer(n_features=1024, analyzer="char_wb", ngram_range=(3, 5), lowercase=True,
                                  alternate_sign=False, norm="l2", dtype=np.float32)
    assert len(texts) > 100
    # What the embedder made before it hashed word by word: the vectorizer's output, normalized once more.
    assert np.array_equal(HashingEmbedder().embed_documents(texts), _normalize(reference.transform(texts).toarray()))


def test_a_word_shorter_than_n_yields_itself_once() -> None:
    assert char_wb_ngrams("å") == [" å "]
    assert char_wb_ngrams("ab") == [" ab", "ab ", " ab "]
    assert char_wb_ngrams("sag") == [" sa", "sag", "ag ", " sag", "sag ", " sag "]
