"""Retrieval and answer evaluation over Danish question sets (see `python -m eval --help`)."""
