"""Storage: the catalog (SQLite), the vector store (Chroma) and the lexical index (bm25s), kept in step by chunk id,
and the ingestion that fills them."""
