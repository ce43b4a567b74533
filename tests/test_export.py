"""/export (issue 14 item 3) through the real Application, checked by the bytes of the
document the stand-in Bot API received: the CSV parses and has both-language speaker names,
dates, kinds, stances, sources and links; the JSON loads; both hold the same rows as
`python -m bot export`, which shares storage.export with the chat."""

from __future__ import annotations

import csv
import io
import json

from conftest import ADMIN_ID, GROUP_CHAT, PRIVATE_CHAT, TEST_NOW
from test_review_flow import KIRBY_QUOTE, article_text, buttons, card_for, forward, press

from bot.cli import main
from storage import Record
from storage.export import ROW_FIELDS, export_text


def _document(chat) -> dict:
    assert chat.api.documents, "no document was sent"
    return chat.api.documents[-1]


async def test_export_sends_the_chats_story_as_csv(raqib_chat) -> None:
    record = raqib_chat.app.bot_data["record"]
    story_id = record.current_story_id()
    assert await raqib_chat.send("/export", language_code="en") == []
    doc = _document(raqib_chat)
    assert doc["chat_id"] == PRIVATE_CHAT
    assert doc["filename"] == f"raqib-{story_id}-{TEST_NOW.date().isoformat()}.csv"
    assert doc["mime_type"] == "text/csv"
    assert doc["content"].startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM, for spreadsheets
    rows = list(csv.DictReader(io.StringIO(doc["content"].decode("utf-8-sig"))))
    assert rows and tuple(rows[0]) == ROW_FIELDS
    assert {r["story_id"] for r in rows} == {story_id} and {r["status"] for r in rows} == {
        "approved"
    }
    kirby = [r for r in rows if r["speaker_en"] == "John Kirby"]
    assert kirby and all(r["speaker_ar"] == "جون كيربي" for r in kirby)
    assert all(r["date"][:4] == "2021" and r["kind"] in ("direct", "reported") for r in rows)
    assert any(r["stance"] for r in rows)
    assert all(r["source"] for r in rows)
    newsweek = [r for r in rows if r["source"] == "Newsweek"]  # the pack's source has a link
    assert newsweek and all(r["source_url"] == "https://www.newsweek.com" for r in newsweek)
    assert f"{len(rows)} statement(s)" in doc["caption"]
    # The same bytes as the command line's export of that story (one way to write it).
    assert doc["content"].decode("utf-8-sig") == export_text(record, "csv", story_id)


async def test_export_json_loads_and_matches_the_csv(raqib_chat) -> None:
    await raqib_chat.send("/export")
    as_csv = list(csv.DictReader(io.StringIO(_document(raqib_chat)["content"].decode("utf-8-sig"))))
    await raqib_chat.send("/export json")
    doc = _document(raqib_chat)
    assert doc["filename"].endswith(".json") and doc["mime_type"] == "application/json"
    statements = json.loads(doc["content"].decode("utf-8"))["statements"]
    assert statements == as_csv
    assert "جون كيربي" in doc["content"].decode("utf-8")  # Arabic as text, not \\u escapes
    assert doc["caption"].startswith("\u200f📤")  # the chat's language (Arabic by default)


async def test_export_in_a_group_quotes_the_asker(raqib_chat) -> None:
    await raqib_chat.send("/export", chat_id=GROUP_CHAT)
    doc = _document(raqib_chat)
    assert doc["chat_id"] == GROUP_CHAT and "reply_to_message" in doc["message"]


async def test_export_with_a_wrong_format_says_how(raqib_chat) -> None:
    [usage] = await raqib_chat.send("/export xml", language_code="en")
    assert usage.startswith("Usage: /export csv")
    assert raqib_chat.api.documents == []


def test_the_cli_export_is_the_same_text(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("TELEGRAM_BOT_TOKEN", "RAQIB_DB"):
        monkeypatch.delenv(name, raising=False)
    db = str(tmp_path / "r.db")
    assert main(["export", "--format", "json", "--db", db]) == 0
    out = capsys.readouterr().out
    rows = json.loads(out)["statements"]
    assert rows and all(r["speaker_en"] and r["speaker_ar"] for r in rows)
    assert out == export_text(Record.open(db), "json")
    assert main(["export", "--format", "csv", "--story", "nope", "--db", db]) == 1
    assert "export: no story 'nope'" in capsys.readouterr().err


async def test_an_approved_report_brings_its_link(raqib_chat) -> None:
    await forward(raqib_chat, article_text())
    kirby = card_for(raqib_chat, KIRBY_QUOTE)
    await press(raqib_chat, kirby, buttons(kirby)["✅ Approve"])
    await raqib_chat.send("/export", chat_id=ADMIN_ID)
    rows = list(csv.DictReader(io.StringIO(_document(raqib_chat)["content"].decode("utf-8-sig"))))
    [row] = [r for r in rows if KIRBY_QUOTE in r["text_ar"]]
    assert row["speaker_en"] == "John Kirby" and row["speaker_ar"] == "جون كيربي"
    assert "https://t.me/rafidain_news/42" in row["urls"].split()
