"""One entry point from a question to the reply a chat shows, shared by handlers and `ask`.

Handlers and the CLI both call `respond`, so `python -m bot ask` prints exactly what a chat
would receive, and the latency benchmark times the path users hit.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from story.answering import MAX_ANSWERS, Answer, RecordSource, answer_question
from story.models import Source
from story.render import render_answer


@dataclass
class Reply:
    answer: Answer
    text: str
    sources: dict[str, Source]

    def as_json(self, question: str) -> dict:
        """The `ask --json` object: answers best first, empty when nothing answers."""
        actors = self.answer.actors
        answers = []
        for s in self.answer.statements:
            actor = actors.get(s.actor_id)
            answers.append(
                {
                    "speaker": {
                        "id": s.actor_id,
                        "name_en": actor.name_en if actor else "",
                        "name_ar": actor.name_ar if actor else "",
                    },
                    "text_ar": s.text_ar,
                    "text_en": s.text_en,
                    "kind": s.kind,
                    "date": s.date.isoformat(),
                    "source": self.sources[s.source_id].name_en
                    if s.source_id in self.sources
                    else None,
                }
            )
        return {
            "question": question,
            "intent": self.answer.intent,
            "answers": answers,
            "days_left": self.answer.days_left,
            "reply": self.text,
        }


def respond(
    text: str,
    record: RecordSource,
    now: datetime,
    *,
    default_lang: str = "ar",
    timezone: str = "Asia/Baghdad",
    story_id: str | None = None,
    replay: bool = False,
) -> Reply:
    """Answer `text` and render the reply in the asker's language, from the record as it
    stood at `now` (a `replay` knows nothing said after it, see story.as_of)."""
    answer = answer_question(
        text, record, now, default_lang=default_lang, story_id=story_id, replay=replay
    )
    sources = record.sources()
    return Reply(answer, _render(answer, record, timezone), sources)


def _render(answer: Answer, record: RecordSource, timezone: str) -> str:
    outlets = getattr(record, "statement_reports", None)  # the SQLite record has them
    reports = outlets([s.id for s in answer.statements]) if outlets else {}
    return render_answer(
        answer,
        sources=record.sources(),
        stances=record.stances(),
        timezone=timezone,
        reports=reports,
    )


def next_page(answer: Answer, record: RecordSource, timezone: str, offset: int) -> tuple[str, int]:
    """The answer's further matches from `offset` on, one page, in the same order as the
    first page (no repeats); and how many are left after it."""
    page = answer.rest[offset : offset + MAX_ANSWERS]
    left = max(len(answer.rest) - offset - len(page), 0)
    shown = replace(answer, statements=page, more=left, rest=[], stance=None, countdowns=[])
    return _render(shown, record, timezone), left
