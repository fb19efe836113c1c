"""The vector writer process: writes made in order beside the ingest, and a failed write stops every later one."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index.storage.vectors import VectorStore, VectorWrite, VectorWriter, connect
from referat.errors import IndexingError


def _write(ids: list[str], dimension: int = 4, delete: tuple[str, ...] = ()) -> VectorWrite:
    vectors = np.eye(len(ids), dimension, dtype=np.float32)
    return VectorWrite(delete, tuple(ids), tuple({"meeting_id": "m"} for _ in ids), vectors)


def test_writes_in_their_own_process_are_seen_by_a_client_opened_after(tmp_path: Path) -> None:
    store = VectorStore(connect(tmp_path), "test-embedder", 4, "referat-test")
    with VectorWriter(store, tmp_path) as writer:
        assert writer.separate
        first = writer.submit(_write(["a", "b", "c"]))
        second = writer.submit(_write(["d"], delete=("b",)))
        writer.result(first), writer.result(second)
    fresh = VectorStore(connect(tmp_path, fresh=True), "test-embedder", 4, "referat-test")
    assert fresh.ids_by_meeting() == {"m": {"a", "c", "d"}}


def test_after_a_failed_write_no_later_write_is_made(tmp_path: Path) -> None:
    store = VectorStore(connect(tmp_path), "test-embedder", 4, "referat-test")
    with VectorWriter(store, tmp_path) as writer:
        writer.result(writer.submit(_write(["a"])))
        failed = writer.submit(_write(["b"], dimension=3))  # Chroma refuses vectors of another dimension
        later = writer.submit(_write(["c"]))
        with pytest.raises(IndexingError) as first_error:
            writer.result(failed)
        with pytest.raises(IndexingError) as later_error:
            writer.result(later)
    assert "\n" not in str(first_error.value) and str(later_error.value) == str(first_error.value)
    fresh = VectorStore(connect(tmp_path, fresh=True), "test-embedder", 4, "referat-test")
    assert fresh.ids_by_meeting() == {"m": {"a"}}


def test_offline_hashing_vectors_get_a_cheaper_graph_and_models_chromas_default(tmp_path: Path) -> None:
    client = connect(tmp_path)
    VectorStore(client, "offline-hashing-v1", 4, "referat-offline")
    VectorStore(client, "sentence-transformers:intfloat/multilingual-e5-small", 4, "referat-model")
    built = {name: client.get_collection(name).configuration_json["hnsw"]
             for name in ("referat-offline", "referat-model")}
    assert (built["referat-offline"]["ef_construction"], built["referat-model"]["ef_construction"]) == (50, 100)
    assert built["referat-offline"]["space"] == built["referat-model"]["space"] == "cosine"
