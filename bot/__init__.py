"""Raqib's application layer: configuration, the PTB Application, the CLI and terminal chat."""
