"""`python -m bot run --webhook`: the real CLI process serving PTB's webhook server on
127.0.0.1, talking to the stand-in Bot API over HTTP. Updates are POSTed as Telegram would;
only those with the right X-Telegram-Bot-Api-Secret-Token header are handled."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from botapi_server import BotAPIServer

from bot.config import ConfigError, load_config

REPO = Path(__file__).resolve().parents[1]
TOKEN = "424243:RAQIB-webhook-SECRET-never-logged"
SECRET = "hook-Secret_0123456789"
WEBHOOK_URL = "https://raqib.example.org/telegram/hook"
NOW = "2021-11-19T12:00:00+03:00"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def until(check, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        await asyncio.sleep(0.05)


def listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


async def test_webhook_answers_with_the_secret_and_refuses_without(tmp_path, botapi_server):
    api = botapi_server.api
    port = free_port()
    config = tmp_path / "config.toml"
    config.write_text(
        f'[telegram]\ntoken = "{TOKEN}"\nbase_url = "{botapi_server.base_url}"\n'
        f'webhook_url = "{WEBHOOK_URL}"\nlisten = "127.0.0.1"\nport = {port}\n'
        f'secret_token = "{SECRET}"\n[storage]\npath = "{tmp_path / "raqib.db"}"\n',
        encoding="utf-8",
    )
    logs = tmp_path / "bot.log"
    env = {k: v for k, v in os.environ.items() if k not in ("TELEGRAM_BOT_TOKEN", "RAQIB_DB")}
    env["RAQIB_WEBHOOK_SECRET"] = ""  # the config's secret, not one from the environment
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "run", "--webhook", "--config", str(config), "--now", NOW],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=logs.open("w"),
    )
    try:
        await until(lambda: api.webhook_url, 30, "setWebhook")
        assert api.webhook_url == WEBHOOK_URL and api.webhook_secret == SECRET
        hook = next(c for c in api.calls if c.method == "setWebhook").params
        assert "message" in json.loads(hook["allowed_updates"])  # what the handlers take
        await until(lambda: listening(port), 20, "webhook server listening")
        url = f"http://127.0.0.1:{port}/telegram/hook"

        async with httpx.AsyncClient(timeout=10) as client:
            async def post(update: dict, secret: str | None) -> int:
                headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret else {}
                response = await client.post(url, json=update, headers=headers)
                return response.status_code

            # wrong and missing secrets: 403, and nothing is handled
            assert await post(api.new_message(5101, "/countdown"), "wrong-secret") == 403
            assert await post(api.new_message(5102, "/countdown"), None) == 403
            # the right secret: 200, and the answer comes through the Bot API
            since = len(api.sent)
            assert await post(api.new_message(5103, "/countdown"), SECRET) == 200
            answer = await botapi_server.wait_for_sent(
                lambda r: r["chat_id"] == 5103, timeout=20, since=since
            )
            assert "2021" in answer["text"] or any(ch.isdigit() for ch in answer["text"])
            assert await post(api.new_message(5104, "what did Kirby say?"), SECRET) == 200
            await botapi_server.wait_for_sent(lambda r: r["chat_id"] == 5104, timeout=20)
        await asyncio.sleep(0.5)
        assert {r["chat_id"] for r in api.sent} & {5101, 5102} == set()
        assert not any(c.method == "getUpdates" for c in api.calls)  # webhook, not polling
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            code = proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
    assert code == 0
    text = logs.read_text(encoding="utf-8")
    assert "webhook" in text.lower()
    for secret in (TOKEN, TOKEN.split(":")[1], SECRET):
        assert secret not in text


def test_run_webhook_needs_a_webhook_url(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text(
        f'[telegram]\ntoken = "{TOKEN}"\n[storage]\npath = "{tmp_path / "r.db"}"\n',
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "run", "--webhook", "--config", str(config)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 2
    assert "webhook_url" in done.stderr and TOKEN not in done.stderr


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('webhook_ur = "https://a.example/x"', "did you mean 'webhook_url'"),
        ('webhook_url = "http://a.example/x"', "an https URL"),
        ('webhook_url = "https://a.example:9000/x"', "port 443, 80, 88, 8443"),
        ("port = 70000", "a TCP port"),
        ('listen = "localhost:80"', "an IP address"),
        ('secret_token = "has space"', "a letter, a digit, _ or -"),
        ('secret = "x"', "did you mean 'secret_token'"),
    ],
)
def test_webhook_settings_are_checked(tmp_path, line, message):
    path = tmp_path / "c.toml"
    path.write_text(f"[telegram]\n{line}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="telegram") as raised:
        load_config(path, env={})
    assert message in str(raised.value)


def test_webhook_settings_load(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text(
        '[telegram]\nwebhook_url = "https://a.example:8443/hook"\nlisten = "0.0.0.0"\n'
        'port = 8081\nsecret_token = "abc_DEF-123"\n',
        encoding="utf-8",
    )
    config = load_config(path, env={})
    assert (config.webhook_url, config.webhook_listen, config.webhook_port) == (
        "https://a.example:8443/hook", "0.0.0.0", 8081,
    )
    assert config.webhook_secret == "abc_DEF-123" and "abc_DEF" not in repr(config)
    assert load_config(path, env={"RAQIB_WEBHOOK_SECRET": "other"}).webhook_secret == "other"


def test_stand_in_refuses_webhooks_telegram_refuses():
    server = BotAPIServer()
    api = server.api
    assert api.call("setWebhook", {"url": "http://a.example/x"})[0] == 400
    assert api.call("setWebhook", {"url": "https://a.example:9000/x"})[0] == 400
    assert api.call("setWebhook", {"url": "https://a.example/x", "secret_token": "a b"})[0] == 400
    assert api.call("setWebhook", {"url": "https://a.example/x", "secret_token": "ok"})[0] == 200
    assert api.call("getUpdates", {})[0] == 409  # as Telegram while a webhook is set
    assert api.call("deleteWebhook", {})[0] == 200 and api.call("getUpdates", {})[0] == 200


def test_deploy_files_run_the_webhook_command():
    """The Dockerfile's CMD and the systemd unit's ExecStart are commands the CLI accepts."""
    from bot.cli import parser

    docker = (REPO / "deploy" / "Dockerfile").read_text(encoding="utf-8")
    cmd = json.loads(next(ln for ln in docker.splitlines() if ln.startswith("CMD "))[4:])
    unit = (REPO / "deploy" / "raqib.service").read_text(encoding="utf-8")
    start = next(ln for ln in unit.splitlines() if ln.startswith("ExecStart="))
    for argv in (cmd, start.split("=", 1)[1].split()):
        assert argv[1:3] == ["-m", "bot"]
        args = parser().parse_args(argv[3:])
        assert args.command == "run" and args.webhook and args.config
    assert 'VOLUME ["/app/var"]' in docker and "StateDirectory=raqib" in unit


async def test_polling_after_webhook_mode_deletes_the_webhook_first(botapi_server, tmp_path):
    """Telegram refuses getUpdates (409) while a webhook is set: `run` must clear it."""
    from bot.app import build_application
    from bot.clock import make_clock
    from bot.config import Config
    from bot.polling import serve
    from storage import Record

    api = botapi_server.api
    assert api.call("setWebhook", {"url": WEBHOOK_URL, "secret_token": SECRET})[0] == 200
    config = Config(token=TOKEN, base_url=botapi_server.base_url)
    app = build_application(config, Record.open(tmp_path / "r.db"), make_clock(None))
    stop = asyncio.Event()
    task = asyncio.create_task(serve(app, stop=stop, timeout=1))
    try:
        api.new_message(5201, "/countdown")
        await botapi_server.wait_for_sent(lambda r: r["chat_id"] == 5201, timeout=15)
        assert api.webhook_url == ""
        assert not [c for c in api.calls if c.method == "getUpdates" and c.status == 409]
    finally:
        stop.set()
        assert await asyncio.wait_for(task, 15) == 0
