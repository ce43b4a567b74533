"""Find who said what in a text (Arabic first, English too).

The pipeline, one module per stage:

    text
     └─ document.Doc         tokens, paragraphs, quote spans (quotes.pair_quotes), sentences,
     │                       mentions of known actors (story.names.ActorIndex)
     └─ claims.Extractor     per sentence: speech cues (cues), their content, the speaker
     │    ├─ vias            outlets and channels: بحسب X، told Reuters, in a statement
     │    ├─ cues            speech verbs, participles, refusals and where their content starts
     │    ├─ speakers        the subject before/after a cue, roles, unknown speakers, anaphora
     │    ├─ third_person    "he"/"she" inside a transcript turn: a third person, not the speaker
     │    └─ attribution     the claim's speaker, via and day (dates), nested clauses,
     │                       quotes no cue took
     └─ pipeline             claims → ExtractedStatement (model), quotes split from clauses

The words each stage looks for are data, one module per language: lexicon/ar.py,
lexicon/en.py (and lexicon/common.py for punctuation); dates has its own month and weekday
names.

`extract_statements(text, published=..., actors=..., outlet=...)` returns the statements an article
attributes to someone: direct quotes (inside «», "", “”, '') and reported speech (after
أن/إن/بأن or "that", or the object of a speech verb: "نفى وجود …", "مشيرا الى …"), each with
its speaker, the outlet or channel it came through and the day it was made. Pure domain code:
no Telegram, no SQL; names resolve through `story.names.ActorIndex`.

How it reads an article (a long text whole, in windows of pipeline.WINDOW characters cut at
paragraph breaks, each with the end of the one before as context; up to pipeline.MAX_CHARS):

* Tokens, paragraphs, quotes, sentences. Markdown links and emphasis are blanked (offsets
  kept). Quotes pair with a stack, so nested quotes stay inside the outer one; a quote left open
  at a paragraph's end goes on into the next paragraph when that one opens with a quote mark
  (English style) or closes it (an odd count of straight quotes), and ends with its paragraph
  otherwise. Headlines (short lines without final punctuation) restate the body: skipped.
* Speech cues by inflection over roots — past, present, participle, with و/ف (قال/قالت/يقول/
  قائلا، أكد/يؤكد/مؤكدة، أشار/مشيرا، نفى/نافيا، رأى/ترى …; said/says/told/added/adding …) —
  plus refusals (رفضت التعليق، لم ترد على طلب للتعليق، declined to comment) and "according
  to"/"بحسب". A cue counts only when a content follows it: a quote, a complementizer (أن، بأن،
  انها، فإن، that), a colon, the verb's own preposition (أشار الى، شدد على، حذر من، أعرب عن،
  هدد بـ) or, for verbs that take one, a direct object (نفى وجود …, said the troops …). A
  clause before its verb counts too ("…, Kirby said on Monday."; '"…," he said').
* The speaker: the subject right after the verb (VSO: "قالت مجلة نيوزويك"), an official source
  named by بحسب/according to between subject and verb, the last actor named before the verb
  in its clause (SVO, the sentence's topic, the antecedent of الذي/التي), or the noun phrase
  just before the verb; pronouns, bare verbs and continuation participles (مضيفا، موضحة،
  "he added") keep the current speaker. A name after "المتحدث باسم"/"spokesman for" is whom
  the speaker speaks for, not the speaker; "المجلة"/"the magazine" is the last outlet named,
  "الوزارة"/"the group" the last speaker or actor of that sort; a surname alone refers back
  to the person named before. An unknown speaker keeps the name and role the text gives
  ("وزير الخارجية الفرنسي جان لودريان" → name جان لودريان, role وزير الخارجية الفرنسي), for
  proposing a new actor; an unnamed subject ("مراقبون", "analysts", "the group" with no group
  named) gives no statement rather than the wrong speaker.
* A reported clause runs to the end of its sentence, the next cue, or a comma that opens a
  new clause (حيث، لكن، بينما، الأمر الذي، بحسب …). A clause that only introduces a nested
  statement ("مشيرة الى الموقف الذي صدر عن X والذي أكد …") gives way to it. A reported clause
  made of a quote and a few words is that direct quote; one holding several quotes is split.
* Outlets and channels: بحسب (ما أوردت) X، وفقا لـ X، في حديث لـ X، للمجلة، مع مجلة X،
  نقلت X عن Y (Y speaks, X carries), في بيان، على تويتر، in an interview with X, told X,
  according to X, citing Y, on Twitter, a wire dateline "BAGHDAD (Reuters) -"; else `outlet`.
* Dates: Arabic ordinal days (الأول … الحادي والثلاثين) with a month name or "من الشهر
  الحالي/الماضي", أمس، أول أمس، يوم الاثنين، الثلاثاء الماضي، الأسبوع/الشهر الماضي، a month alone
  (its first day), yesterday, on Monday, last Tuesday, Nov. 22 — looked for in the attribution
  part of a statement, never inside its quote, resolved against `published` and never after
  it; a continuation, or the same speaker again, keeps the day; otherwise `published`.

`quote` is the stretch `text[start:end]` with markup removed and white space collapsed (a
quote mark that reopens a quote in a new paragraph is dropped); a direct quote keeps its own
final full stop, a reported clause does not.
"""

from story.extract.model import ExtractedStatement
from story.extract.pipeline import extract_statements

__all__ = ["ExtractedStatement", "extract_statements"]
