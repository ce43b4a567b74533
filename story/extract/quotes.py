"""Quote spans: pairing quote marks into top-level quotes, in one pass (linear in length).

Marks pair with a stack, so nested quotes stay inside the outer one. A count of each mark on
the stack answers "is there an open X?" at once (a scan of the stack made 1 MB of quote marks
take minutes). A quote left open at a paragraph's end goes on into the next paragraph when that
one opens with a quote mark (English style) or closes it (an odd count of straight quotes), and
ends with its paragraph otherwise.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from story.extract.lexicon.common import CLOSERS, OPENERS

if TYPE_CHECKING:
    from story.extract.document import Tok


@dataclass
class Quote:
    open_tok: int
    close_tok: int | None  # None: ended with its paragraph
    first: int  # first token inside
    last: int  # last token inside (inclusive); first > last when empty
    name_only: bool = False
    used: bool = False

    def words(self, toks: list[Tok]) -> int:
        if not hasattr(self, "_words"):
            self._words = sum(1 for t in toks[self.first : self.last + 1] if t.kind == "w")
        return self._words


def _is_open_single(masked: str, start: int, end: int) -> bool:
    before = masked[start - 1] if start > 0 else " "
    after = masked[end] if end < len(masked) else " "
    return (before.isspace() or before in '([«“"—-') and after.isalnum()


def _is_close_single(masked: str, start: int, end: int) -> bool:
    before = masked[start - 1] if start > 0 else " "
    after = masked[end] if end < len(masked) else " "
    return (before.isalnum() or before in ".,!?؟،") and (not after.isalnum())


class _Stack:
    """Open marks, with a count per mark."""

    def __init__(self) -> None:
        self.items: list[tuple[str, int]] = []
        self.count: Counter[str] = Counter()

    def push(self, mark: str, tok: int) -> None:
        self.items.append((mark, tok))
        self.count[mark] += 1

    def has(self, mark: str) -> bool:
        return self.count[mark] > 0

    def close(self, mark: str) -> None:
        """Pop up to and including the innermost `mark` (which must be open)."""
        while self.items:
            top, _ = self.items.pop()
            self.count[top] -= 1
            if top == mark:
                return

    def clear(self) -> None:
        self.items.clear()
        self.count.clear()


def _step(toks: list[Tok], i: int, masked: str, stack: _Stack) -> str:
    """Apply quote mark token i: "open", "close" (a mark closed) or "" (ignored)."""
    t = toks[i]
    c = t.raw
    if c == '"':
        if stack.has('"'):
            stack.close('"')
            return "close"
        stack.push(c, i)
        return "open"
    if c == "'":
        if stack.has("'") and _is_close_single(masked, t.start, t.end):
            stack.close("'")
            return "close"
        if _is_open_single(masked, t.start, t.end):
            stack.push(c, i)
            return "open"
        return ""
    top = stack.items[-1][0] if stack.items else ""
    if c == "“" and top == "“" and _is_close_single(masked, t.start, t.end):
        stack.close("“")  # “…“: a source that closes with the opening mark
        return "close"
    if c in OPENERS:
        if c == "‘" and not _is_open_single(masked, t.start, t.end):
            return ""
        stack.push(c, i)
        return "open"
    if c in CLOSERS and stack.has(CLOSERS[c]):
        stack.close(CLOSERS[c])
        return "close"
    return ""


def _carries(toks: list[Tok], nxt: tuple[int, int] | None, outer: str, skip: set[int]) -> bool:
    """Does a quote open at a paragraph's end go on in the next paragraph?"""
    if nxt is None:
        return False
    body = [t for t in toks[nxt[0] : nxt[1]] if t.kind != "nl"]
    if body and body[0].kind == "q" and body[0].raw in {outer, '"', "«", "“"} and (
        body[0].raw == outer or outer == '"'
    ):
        skip.add(body[0].i)  # English style: the quote goes on in the next paragraph
        return True
    if outer == '"':
        return sum(1 for t in body if t.raw == '"') % 2 == 1
    if outer in OPENERS:
        for t in body:
            if t.raw == outer:
                return False
            if t.raw == OPENERS[outer]:
                return True
    return False


def pair_quotes(toks: list[Tok], paras: list[tuple[int, int, bool]], masked: str) -> list[Quote]:
    """The top-level quotes of a tokenised text; marks each token's `quote`."""
    quotes: list[Quote] = []
    stack = _Stack()
    start: int | None = None
    bounds = [(a, b) for a, b, _ in paras]
    skip: set[int] = set()
    for p, (a, b) in enumerate(bounds):
        for i in range(a, b):
            if toks[i].kind != "q" or i in skip:
                continue
            step = _step(toks, i, masked, stack)
            if step == "close" and not stack.items and start is not None:
                quotes.append(Quote(start, i, start + 1, i - 1))
                start = None
            elif step == "open" and len(stack.items) == 1 and start is None:
                start = i
        if stack.items and start is not None:
            nxt = bounds[p + 1] if p + 1 < len(bounds) else None
            if not _carries(toks, nxt, stack.items[0][0], skip):
                last = b - 1
                while last > a and toks[last].kind == "nl":
                    last -= 1
                quotes.append(Quote(start, None, start + 1, last))
                start = None
                stack.clear()
    if stack.items and start is not None:
        quotes.append(Quote(start, None, start + 1, len(toks) - 1))
    for n, q in enumerate(quotes):
        end = q.close_tok if q.close_tok is not None else q.last
        for i in range(q.open_tok, end + 1):
            toks[i].quote = n
    return quotes
