"""A tiny sentence-transformers model built from scratch, so tests exercise the real loading and encoding path
without downloading anything."""

from __future__ import annotations

import re
from pathlib import Path


def build_tiny_model(folder: Path, texts: list[str]) -> Path:
    import torch
    from sentence_transformers import SentenceTransformer, models
    from transformers import BertConfig, BertModel, BertTokenizerFast

    words = sorted({w for t in texts for w in re.findall(r"\w+", t.lower())})
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *words[:3000]]
    transformer_dir = folder / "transformer"
    transformer_dir.mkdir(parents=True, exist_ok=True)
    (transformer_dir / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    tokenizer = BertTokenizerFast(vocab_file=str(transformer_dir / "vocab.txt"), do_lower_case=True)
    tokenizer.save_pretrained(transformer_dir)
    torch.manual_seed(0)
    config = BertConfig(vocab_size=len(vocab), hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=512)
    BertModel(config).save_pretrained(transformer_dir)
    transformer = models.Transformer(str(transformer_dir), max_seq_length=256)
    pooling = models.Pooling(transformer.get_embedding_dimension(), pooling_mode="mean")
    model_dir = folder / "tiny-sentence-model"
    SentenceTransformer(modules=[transformer, pooling], device="cpu").save(str(model_dir))
    return model_dir
