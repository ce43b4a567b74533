"""The cue lexicon, one module per language (ar, en) and the shared marks (common)."""
