"""He and she inside a transcript turn: someone other than the one speaking.

A turn (`MR. KIRBY: …`) is its speaker's own words, in the first person; "he congratulated
…", "she noted that …" there report a third person — the last one the transcript named as a
subject before (not after a preposition: "his call with the Prime Minister"), such as "the
President" of a reporter's question. Used by the speaker stage for pronoun subjects.
"""

from __future__ import annotations

import bisect

from story.extract.base import ReaderBase
from story.extract.lexicon.en import EN_ROLE_WORDS
from story.extract.model import Speaker
from story.extract.turns import Turn, read_turns, turn_speaker

THIRD_PERSON = {"he", "she"}
FIRST_PERSON = {"i", "we"}
LOOK_BACK = 400  # tokens


class ThirdPersonReader(ReaderBase):
    def _turns(self) -> list[Turn]:
        if not hasattr(self, "_turn_list"):
            self._turn_list = read_turns(self.doc.masked)
            self._turn_starts = [t.start for t in self._turn_list]
            self._turn_speakers: dict[int, Speaker | None] = {}
        return self._turn_list

    def _turn_speaker_at(self, tok: int) -> Speaker | None:
        """The speaker of the turn token `tok` sits in, if the text is a transcript."""
        turns = self._turns()
        if not turns:
            return None
        n = bisect.bisect_right(self._turn_starts, self.toks[tok].start) - 1
        if n < 0 or self.toks[tok].start >= turns[n].end or not turns[n].label:
            return None
        if n not in self._turn_speakers:
            self._turn_speakers[n] = turn_speaker(turns[n].label, self)
        return self._turn_speakers[n]

    def _first_person(self, j: int) -> Speaker | None:
        """"I said", "we noted" inside a turn: the turn's own speaker."""
        if not self.toks[j].latin or self.toks[j].norm not in FIRST_PERSON:
            return None
        return self._turn_speaker_at(j)

    def _third_person(self, j: int) -> Speaker | None:
        """Whom "he"/"she" at token j names when j is in a turn and the running speaker is the
        turn's own speaker."""
        if not self.toks[j].latin or self.toks[j].norm not in THIRD_PERSON:
            return None
        own = self._turn_speaker_at(j)
        if own is None:
            return None
        last = self.state.last
        if last is not None and last.key != own.key:
            return None
        for x in range(j - 1, max(-1, j - LOOK_BACK), -1):
            sp = self._subject_at(x)
            if sp is not None and sp.key != own.key:
                return sp
        return None

    def _subject_at(self, x: int) -> Speaker | None:
        """A person named at token x, in a place a subject stands."""
        t = self.toks[x]
        if t.kind != "w" or not t.latin or not self._eligible(x):
            return None
        hit = self.doc.mention_at.get(x)
        if hit is not None and hit[1].kind == "person":
            return Speaker(hit[1], tok=x, end_tok=hit[0])
        if t.norm != "the":
            return None
        k = x + 1
        while k < len(self.toks) and k - x <= 3 and self.toks[k].norm in EN_ROLE_WORDS:
            k += 1
        return self._role_person(x, k) if k > x + 1 else None
