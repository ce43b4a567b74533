"""Line layout: which line breaks end a paragraph and which only wrap a line.

Texts reach Raqib hard-wrapped (press releases and transcripts cut at ~70 characters, with
blank lines between paragraphs) or as channel posts where a speaker stands on its own line
("X:" then the words, or "X" then ": words") under a row of flags. A break that only wraps
becomes a space, offsets unchanged, so a paragraph is read as one piece:

* in a wrapped text (most lines near one width), a single line break after a line that is not
  short (under half the width: a heading, a signature);
* anywhere, a break after a line that ends with a colon, before a line that opens with one,
  or after a line with no letters at all (flags, emoji, marks).
"""

from __future__ import annotations

import re

_LETTER = re.compile(r"[^\W\d_]")


def _wrap_width(lines: list[str]) -> int:
    """The width a text is wrapped at, or 0 when it is not wrapped."""
    lengths = sorted(len(x.rstrip()) for x in lines if x.strip())
    if len(lengths) < 8:
        return 0
    p90 = lengths[int(len(lengths) * 0.9)]
    if p90 > 120:
        return 0
    near = sum(1 for n in lengths if n >= 0.7 * p90)
    return p90 if near >= 0.5 * len(lengths) else 0


def _joins(line: str, nxt: str, width: int) -> bool:
    here, there = line.strip(), nxt.strip()
    if not here or not there:
        return False
    if here.endswith(":") or there.startswith(":") or not _LETTER.search(here):
        return True
    return bool(width) and len(line.rstrip()) >= 0.5 * width


def unwrap(text: str) -> str:
    """`text` with wrapping line breaks turned into spaces (same length, same offsets)."""
    if "\n" not in text:
        return text
    lines = text.split("\n")
    width = _wrap_width(lines)
    out = list(text)
    pos = 0
    for n, line in enumerate(lines[:-1]):
        pos += len(line)
        if _joins(line, lines[n + 1], width):
            out[pos] = " "
        pos += 1
    return "".join(out)
