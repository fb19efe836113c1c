"""The app's Danish status line says plainly whether a model runs, offline mode was chosen, or the model failed."""

from __future__ import annotations

from index import EngineStatus, IndexStats

STATS = IndexStats(meetings=2, items=20, items_with_decision=7, chunks=118, vectors=118,
                   embedder="offline-hashing-v1-1024", size_bytes=0)


def test_chosen_offline_mode_is_stated() -> None:
    line = EngineStatus(STATS, offline=True, offline_reason="offline mode was requested").describe()
    assert line == ("2 møder, 20 dagsordenspunkter (7 med beslutning), 118 tekststykker · offline-tilstand valgt "
                    "(indbygget leksikalsk vektorisering, ingen model hentet)")


def test_failed_model_load_names_the_reason() -> None:
    reason = "model 'intfloat/multilingual-e5-small' is not in the local cache and HF_HUB_OFFLINE is set"
    line = EngineStatus(STATS, offline=True, offline_reason=reason).describe()
    assert line.endswith("offline-tilstand: sprogmodellen kunne ikke indlæses, så den indbyggede leksikalske "
                         f"vektorisering bruges ({reason})")


def test_a_loaded_model_is_named() -> None:
    stats = IndexStats(2, 20, 7, 118, 118, "sentence-transformers:intfloat/multilingual-e5-small", 0)
    assert EngineStatus(stats, offline=False, offline_reason=None).describe().endswith(
        " · model intfloat/multilingual-e5-small")
