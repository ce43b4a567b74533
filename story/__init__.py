"""The domain: what Raqib knows and decides, in pure functions — no Telegram, no SQL.

Models, normalisation and names, reading questions and answering them, countdowns and
schedules, rendering, story packs, and the statement extractor (`story.extract`).
"""
