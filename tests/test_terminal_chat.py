"""The command line as a user runs it: `python -m bot chat` with piped stdin, and
`python -m bot ask --json` (one question, or --batch from stdin). Subprocesses, no token, a
database in tmp_path, the clock fixed with --now, run from tmp_path so no ./config.toml of the
checkout is read."""

from __future__ import annotations

import asyncio
import io
import json
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.clock import make_clock, parse_now
from bot.config import Config, ReminderConfig
from bot.terminal import TERMINAL_USER_ID, chat
from storage import Record
from storage.subscriptions import SubscriptionStore

NOW = "2021-11-25T12:00:00+03:00"
KIRBY_AR = "لن تبقى في العراق بعد الموعد المعلن"


@pytest.fixture
def run_bot(tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if k not in ("TELEGRAM_BOT_TOKEN", "RAQIB_DB")}
    env["PYTHONIOENCODING"] = "utf-8"
    env["PYTHONUTF8"] = "1"
    db = str(tmp_path / "r.db")

    def run(*args: str, stdin: str = "", replay: bool = True) -> subprocess.CompletedProcess[str]:
        # A replay at NOW, so the answers are the record as it stood then (none of December's).
        clock = ["--now", NOW, "--replay"] if replay else ["--now", NOW]
        return subprocess.run(
            [sys.executable, "-m", "bot", *args, "--db", db, *clock],
            input=stdin,
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            cwd=tmp_path,
            timeout=120,
        )

    return run


def test_chat_answers_piped_lines_and_exits_at_eof(run_bot) -> None:
    result = run_bot("chat", stdin="ماذا قال كيربي؟\n/countdown\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert KIRBY_AR in out
    assert "36 يومًا" in out
    assert out.index(KIRBY_AR) < out.index("36 يومًا")  # one reply block per line, in order
    assert "you ›" not in out and "Raqib — terminal chat" not in out  # not a tty: no prompt/banner
    assert "Traceback" not in result.stderr


def test_chat_keeps_going_after_bad_lines(run_bot) -> None:
    stdin = "😀\n\n/frobnicate\n" + "x" * 4096 + "\n\u202eNOT AND OR\n/countdown\n"
    result = run_bot("chat", stdin=stdin)
    assert result.returncode == 0, result.stderr
    assert "لا أعرف هذا الأمر" in result.stdout
    assert result.stdout.rstrip().endswith("الحالة: قائم")  # the last reply is the countdown
    assert "حدث خطأ" not in result.stdout
    assert "Traceback" not in result.stderr


def test_chat_stops_at_quit(run_bot) -> None:
    result = run_bot("chat", stdin="/quit\n/countdown\n")
    assert result.returncode == 0, result.stderr
    assert "36" not in result.stdout


def test_ask_json_gives_days_left(run_bot) -> None:
    result = run_bot("ask", "--json", "how many days are left until the withdrawal deadline?")
    assert result.returncode == 0, result.stderr
    obj = json.loads(result.stdout)
    assert obj["days_left"] == 36
    assert obj["intent"] == "countdown"
    assert obj["question"] == "how many days are left until the withdrawal deadline?"
    assert "36 days 12 hours left" in obj["reply"]


def test_ask_json_batch_prints_one_object_per_line(run_bot) -> None:
    questions = ["ماذا قال كيربي؟", "What did McNulty say?", "", "كم يومًا بقي؟"]
    result = run_bot("ask", "--json", "--batch", stdin="\n".join(questions) + "\n")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(questions)
    objects = [json.loads(line) for line in lines]
    for question, obj in zip(questions, objects, strict=True):
        assert set(obj) == {"question", "intent", "answers", "days_left", "reply"}
        assert obj["question"] == question
        assert isinstance(obj["answers"], list)
        assert isinstance(obj["reply"], str) and obj["reply"]
    kirby, mcnulty, blank, days = objects
    assert kirby["answers"] and all(a["speaker"]["id"] == "john-kirby" for a in kirby["answers"])
    assert any(KIRBY_AR in a["text_ar"] for a in kirby["answers"])
    assert kirby["days_left"] is None
    assert {a["speaker"]["name_en"] for a in mcnulty["answers"]} == {"Jessica McNulty"}
    assert blank["answers"] == [] and blank["intent"] == "unknown"
    assert days["days_left"] == 36 and days["answers"] == []


# -- the whole bot in the terminal: buttons, admin, --as, --group (in process, real Application)
ARTICLE = [  # written for these tests
    "WASHINGTON — The Pentagon said on Thursday that the American combat mission in Iraq"
    " would end on schedule.",
    'Pentagon press secretary John Kirby told reporters: "Our combat role in Iraq will be'
    ' finished by the end of December, exactly as we agreed with the Iraqi government."',
    "He added that several hundred advisers would stay to train Iraqi units. Iraqi officials"
    " welcomed the statement, while some armed factions said they doubted it.",
]


class Script:
    """stdin for `chat()`: each step is a line, or a function of the output printed so far
    (to read the numbers the bot showed, or to wait for a message from the JobQueue)."""

    def __init__(self, out: io.StringIO, steps: list) -> None:
        self.out, self.steps = out, list(steps)

    def isatty(self) -> bool:
        return False

    def readline(self) -> str:
        if not self.steps:
            return ""
        step = self.steps.pop(0)
        return (step(self.out) if callable(step) else step) + "\n"


def number(label: str, after: str = "") -> Callable[[io.StringIO], str]:
    """Press the button labelled `label` (under the last message showing `after`)."""

    def press(out: io.StringIO) -> str:
        text = out.getvalue()
        tail = text[text.rindex(after) :] if after else text
        found = [
            n
            for n, shown in re.findall(r"\[(\d+)\] ([^\[\n]+)", tail)
            if shown.strip().endswith(label)
        ]
        assert found, f"no button {label!r} in {tail[-600:]!r}"
        return found[0]

    return press


def wait_for(needle: str, seconds: float = 10.0) -> Callable[[io.StringIO], str]:
    """Wait (in the reader's thread, while the bot runs) until `needle` is printed; type nothing."""

    def wait(out: io.StringIO) -> str:
        deadline = time.monotonic() + seconds
        while needle not in out.getvalue() and time.monotonic() < deadline:
            time.sleep(0.05)
        return ""

    return wait


def play(tmp_path: Path, steps: list, *, now: str = NOW, **kwargs) -> str:
    out = io.StringIO()
    config = Config(language="en", reminders=ReminderConfig(tick_seconds=0.1))
    record = Record.open(tmp_path / "t.db")
    clock = make_clock(parse_now(now, "Asia/Baghdad"))
    assert (
        asyncio.run(
            chat(config, record, clock, Script(out, steps), out, interactive=False, **kwargs)
        )
        == 0
    )
    return out.getvalue()


def test_a_new_user_subscribes_through_the_numbered_buttons(tmp_path: Path) -> None:
    out = play(
        tmp_path, ["/subscribe", number("Daily"), number("09:00"), "/subscriptions"], user_id=4242
    )
    assert "[1] Daily" in out and "How often?" in out
    assert (
        "✎ ✅ Subscribed: US combat forces leave Iraq — daily at 09:00" in out
    )  # the menu was edited
    assert out.rstrip().count("daily at 09:00") >= 2  # /subscriptions lists it
    assert "Only Raqib's admins" not in out
    [sub] = SubscriptionStore(Record.open(tmp_path / "t.db").db, "Asia/Baghdad").subscriptions(4242)
    assert sub.active  # in the played user's own chat


def test_an_admin_pastes_an_article_and_approves_a_statement_with_the_buttons(
    tmp_path: Path,
) -> None:
    steps = [
        "/follow all",
        '"""',
        *ARTICLE,
        '"""',  # one message of several lines, as pasted
        number("📌 Stance", after="the American combat mission"),
        number("Combat forces leave; advisers and trainers stay"),
        number("✅ Approve", after="the American combat mission"),
        wait_for("📣"),
        "/pending",
    ]
    out = play(tmp_path, steps, now="2021-12-10T12:00:00+03:00")
    assert "📥 Read" in out and "candidate" in out
    assert "✎ ✅ #" in out and "Approved by You" in out
    assert (
        "📣" in out and "Pentagon" in out[out.index("📣") :]
    )  # the follower's alert, in this chat
    assert "Only Raqib's admins" not in out
    read = int(re.search(r"📥 Read .*?: (\d+) new candidate", out).group(1))
    # /pending, after the approval: one fewer (the alert may be printed before or after it)
    assert f"Waiting for review: {read - 1}" in out[out.index("Approved by You") :]


def test_the_terminal_user_is_an_admin_and_another_user_is_not(tmp_path: Path) -> None:
    assert "Only Raqib's admins can do that." not in play(tmp_path, ["/pending"])
    assert "Only Raqib's admins can do that." in play(tmp_path, ["/pending"], user_id=4242)


def test_a_group_answers_mentions_and_replies_and_its_creator_may_change_it(tmp_path: Path) -> None:
    steps = [
        "what did Kirby say?",  # group chatter: silence
        "@raqib_bot what did Kirby say?",
        "> and McNulty?",  # a reply to the bot's last message
        "/subscribe",
        number("Weekly"),
    ]
    out = play(tmp_path, steps, group=True)
    kirby = out.count("🗣 John Kirby")
    assert kirby >= 1 and out[: out.index("🗣 Jessica McNulty")].count("🗣 John Kirby") == kirby
    assert (
        play(tmp_path, ["@raqib_bot what did Kirby say?"], group=True).count("🗣 John Kirby")
        == kirby
    )  # once
    assert (
        "How often?" in out and "✎ Weekly reminders" in out
    )  # the creator changes the group's settings
    member = play(tmp_path, ["/subscribe"], group=True, user_id=4242)
    assert "Only this group's admins can change its reminders." in member  # getChatMember: a member


def test_press_by_command_and_numbers_that_are_no_buttons(tmp_path: Path) -> None:
    out = play(tmp_path, ["/press 3", "/subscribe", "/press 9", "/press 2", "7", "2"], user_id=4242)
    assert out.startswith("No button 3 here.")
    assert "No button 9 here. Buttons: 1–4." in out
    assert "✎ Weekly reminders" in out  # /press 2
    assert "At what time" in out  # "7": the seventh button, Saturday
    assert "✎ ✅ Subscribed" in out and "Saturday" in out[out.index("✅ Subscribed") :]


def test_chat_command_plays_another_user_and_a_group(run_bot) -> None:
    refused = "هذا الأمر لمشرفي رقيب فقط."  # Only Raqib's admins can do that.
    assert refused not in run_bot("chat", stdin="/pending\n").stdout
    assert refused in run_bot("chat", "--as", "4242", stdin="/pending\n").stdout
    group = run_bot("chat", "--group", stdin="ماذا قال كيربي؟\n@raqib_bot ماذا قال كيربي؟\n")
    assert group.returncode == 0, group.stderr
    assert group.stdout.count(KIRBY_AR) == 1  # the mention is answered, the chatter is not


async def test_the_terminal_transport_answers_like_telegram_where_it_matters() -> None:
    from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
    from telegram.error import BadRequest

    from bot.transport import TerminalRequest

    events: list[tuple[str, dict]] = []
    transport = TerminalRequest(lambda kind, payload: events.append((kind, dict(payload))))
    bot = Bot("1000:terminal-chat", request=transport, get_updates_request=transport)
    async with bot:
        assert bot.username == "raqib_bot"
        markup = InlineKeyboardMarkup([[InlineKeyboardButton("Go", callback_data="go")]])
        sent = await bot.send_message(5, "😀" * 2048, reply_markup=markup)  # 4,096 UTF-16 units
        with pytest.raises(BadRequest, match="(?i)message is too long"):
            await bot.send_message(5, "😀" * 2049)
        edited = await bot.edit_message_text("done", chat_id=5, message_id=sent.message_id)
        assert edited.text == "done" and edited.reply_markup is None  # no markup: buttons gone
        assert await bot.answer_callback_query("1", "saved", show_alert=True)
        with pytest.raises(BadRequest, match="not available in the terminal"):
            await bot.get_chat("@some_channel")
    assert [kind for kind, _ in events] == ["send", "edit", "answer"]
    assert events[2][1]["text"] == "saved" and events[2][1]["show_alert"] is True


async def test_the_terminal_transport_writes_photos_and_documents_to_files(tmp_path: Path) -> None:
    from telegram import Bot
    from telegram.error import BadRequest

    from bot.transport import TerminalRequest

    events: list[tuple[str, dict]] = []
    transport = TerminalRequest(lambda kind, payload: events.append((kind, payload)), tmp_path)
    bot = Bot("1000:terminal-chat", request=transport, get_updates_request=transport)
    async with bot:
        photo = await bot.send_photo(5, b"\x89PNG fake", caption="the story", filename="t.png")
        again = await bot.send_photo(5, photo.photo[-1].file_id)  # by file_id: no upload
        doc = await bot.send_document(5, b"id,text\n", filename="story export.csv")
        with pytest.raises(BadRequest, match="(?i)wrong file identifier"):
            await bot.send_photo(5, "an-id-never-sent")
    assert photo.caption == "the story" and doc.document.file_name.endswith("story_export.csv")
    paths = [payload["path"] for kind, payload in events if kind == "file"]
    assert len(paths) == 3 and paths[0] == paths[1] != paths[2]
    assert Path(paths[0]).read_bytes() == b"\x89PNG fake"
    assert Path(paths[2]).read_bytes() == b"id,text\n" and again.photo


def test_chat_shows_the_timeline_picture_as_a_file(run_bot) -> None:
    result = run_bot("chat", stdin="/timeline\n")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    path = Path(re.search(r"📎 (\S+\.png)", result.stdout).group(1))  # type: ignore[union-attr]
    assert path.read_bytes()[:4] == b"\x89PNG"


def test_ask_replay_flag_hides_later_statements(run_bot):
    question = "what did Kirby say?"
    live = run_bot("ask", question, replay=False)
    replay = run_bot("ask", question)
    assert live.returncode == 0 and replay.returncode == 0, replay.stderr
    assert "9 December 2021" in live.stdout and "9 December 2021" not in replay.stdout


# -- `make run` without a token: the same session, through `python -m bot` as a process ------
class Output:
    """A process's stdout, collected line by line in a thread, readable while it runs."""

    def __init__(self, stream: io.TextIOBase) -> None:
        self.lines: list[str] = []
        self.thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self.thread.start()

    def _read(self, stream: io.TextIOBase) -> None:
        for line in stream:
            self.lines.append(line)

    def getvalue(self) -> str:
        return "".join(self.lines)

    def wait(self, needle: str, after: str = "", seconds: float = 60.0) -> None:
        """Until `needle` is printed (after the last `after`, when given)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            text = self.getvalue()
            tail = text[text.rindex(after) :] if after and after in text else ""
            if needle in (tail if after else text):
                return
            time.sleep(0.05)
        raise AssertionError(f"{needle!r} never printed; last output: {self.getvalue()[-600:]!r}")


def test_make_run_without_a_token_subscribes_reviews_and_alerts(tmp_path: Path) -> None:
    """What `make run` runs (`python -m bot`, no subcommand, no token): a new database, the
    buttons pressed by their numbers, a pasted article approved, and the follower's alert."""
    (tmp_path / "config.toml").write_text('[chat]\nlanguage = "en"\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("TELEGRAM_BOT_TOKEN", "RAQIB_DB")}
    env |= {"PYTHONIOENCODING": "utf-8", "PYTHONUTF8": "1"}
    errors = (tmp_path / "stderr.txt").open("w", encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "--db", "r.db", "--now", "2021-12-10T12:00:00+03:00"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=errors,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=tmp_path,
    )
    assert proc.stdin is not None and proc.stdout is not None
    out = Output(proc.stdout)

    def send(line: str) -> None:
        assert proc.stdin is not None
        proc.stdin.write(line + "\n")
        proc.stdin.flush()

    try:
        send("/subscribe")
        out.wait("Cancel", after="How often?")
        send(number("Daily")(out))
        out.wait("Cancel", after="At what time")
        send(number("09:00")(out))
        out.wait("✅ Subscribed")
        send("/follow all")
        out.wait("follows every actor")
        for line in ['"""', *ARTICLE, '"""']:
            send(line)
        out.wait("✏️ Text", after="the American combat mission")
        send(number("📌 Stance", after="the American combat mission")(out))
        out.wait("↩️", after="Choose the stance")
        stance = "Combat forces leave; advisers and trainers stay"
        send(number(stance, after="Choose the stance")(out))
        out.wait("✏️ Text", after="Stance set")
        send(number("✅ Approve", after="Stance set")(out))
        out.wait("📣")
        send("/quit")
        assert proc.wait(timeout=60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        errors.close()
    out.thread.join(timeout=10)
    text = out.getvalue()
    assert "Subscribed: US combat forces leave Iraq — daily at 09:00" in text
    assert "📥 Read" in text and "Approved by You" in text
    alert = text[text.index("📣") :]
    assert alert.startswith("📣 US Department of Defense (Pentagon) changed position")
    assert "to: Combat forces leave; advisers and trainers stay" in alert
    assert "Traceback" not in (tmp_path / "stderr.txt").read_text(encoding="utf-8")
    [sub] = SubscriptionStore(Record.open(tmp_path / "r.db").db, "Asia/Baghdad").subscriptions(
        TERMINAL_USER_ID
    )
    assert sub.active
