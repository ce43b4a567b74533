"""Run a deployed Raqib for real and check it from outside, as Telegram and an operator would.

    python deploy/smoke_webhook.py docker --image raqib      # deploy/Dockerfile's image
    python deploy/smoke_webhook.py unit --leader PID --unit-root DIR  # check-unit.sh

It starts the tests' stand-in Bot API (tests/botapi_server.py) on 127.0.0.1, writes a
config.toml whose webhook listens on 127.0.0.1, and then, against the deployed bot:
POSTs updates as Telegram does (a wrong or missing secret must get 403 and no answer, the
right one 200 and an answer through the Bot API), makes a backup with the documented command
while the bot runs and checks the copy is a whole database, stops the bot the way the
deployment does (docker stop / systemctl stop: SIGTERM) and wants status 0 well before the
kill timeout, starts it again on the same volume and checks what the first run stored is
still there, and wants a prompt end when stopped during start-up. Nothing leaves 127.0.0.1.
It prints one line per check and exits 1 on the first failure. Slow (a container or a
booted system): not part of the test suite; the README's deployment section says how to
run it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from botapi_server import BotAPIServer  # noqa: E402 - the tests' stand-in, by path

TOKEN = "424244:RAQIB-deploy-SMOKE-never-logged"
SECRET = "deploy-Smoke_secret_0123456789"
WEBHOOK_URL = "https://raqib.example.org/telegram/hook"
STOP_TIMEOUT = 30  # the unit's TimeoutStopSec; docker stop -t the same


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def sh(*argv: str, check: bool = True, timeout: float = 120) -> subprocess.CompletedProcess:
    done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
    if check and done.returncode != 0:
        raise SystemExit(f"FAIL {' '.join(argv)}: status {done.returncode}: {done.stderr[-800:]}")
    return done


def ok(message: str) -> None:
    print(f"ok   {message}", flush=True)


class Docker:
    """The image run as the Dockerfile's header says, with --network host (no bridge here)."""

    def __init__(self, image: str, docker: str) -> None:
        self.image, self.docker = image, docker
        self.name = f"raqib-smoke-{free_port()}"
        self.volume = f"{self.name}-var"

    def start(self, config: Path) -> None:
        sh(
            self.docker, "run", "-d", "--name", self.name, "--network", "host",
            "-v", f"{self.volume}:/app/var", "-v", f"{config}:/app/config.toml:ro",
            "-e", f"TELEGRAM_BOT_TOKEN={TOKEN}", "-e", f"RAQIB_WEBHOOK_SECRET={SECRET}",
            self.image,
        )

    def backup(self, name: str) -> Path:
        done = sh(self.docker, "exec", self.name, "python", "-m", "bot", "backup",
                  f"var/backups/{name}")
        ok(f"backup while running: {done.stdout.strip()}")
        local = Path(tempfile.mkdtemp(prefix="raqib-smoke-")) / name
        sh(self.docker, "cp", f"{self.name}:/app/var/backups/{name}", str(local))
        return local

    def stop(self) -> tuple[int, float, str]:
        began = time.monotonic()
        sh(self.docker, "stop", "-t", str(STOP_TIMEOUT), self.name, timeout=STOP_TIMEOUT + 30)
        took = time.monotonic() - began
        code = int(sh(self.docker, "inspect", "-f", "{{.State.ExitCode}}", self.name).stdout)
        logs = sh(self.docker, "logs", self.name)
        sh(self.docker, "rm", self.name)  # the next start is a new container on the same volume
        return code, took, logs.stdout + logs.stderr

    def health(self) -> str:
        return sh(self.docker, "inspect", "-f", "{{.State.Health.Status}}", self.name,
                  check=False).stdout.strip()

    def cleanup(self) -> None:
        sh(self.docker, "rm", "-f", self.name, check=False)
        sh(self.docker, "volume", "rm", "-f", self.volume, check=False)


class Unit:
    """raqib.service in a booted systemd (check-unit.sh: systemd-nspawn -b), reached through
    its init's namespaces (nsenter), so the host needs no systemd of its own."""

    def __init__(self, leader: int, root: Path) -> None:
        self.leader, self.root = leader, root

    def _in(self, *argv: str, check: bool = True) -> subprocess.CompletedProcess:
        return sh("nsenter", "-t", str(self.leader), "-a", *argv, check=check,
                  timeout=STOP_TIMEOUT + 30)

    def start(self, config: Path, token: str = TOKEN) -> None:
        etc = self.root / "etc" / "raqib"
        etc.mkdir(parents=True, exist_ok=True)
        shutil.copy(config, etc / "config.toml")
        (etc / "env").write_text(
            f"TELEGRAM_BOT_TOKEN={token}\nRAQIB_WEBHOOK_SECRET={SECRET}\n", encoding="utf-8"
        )
        (etc / "env").chmod(0o600)
        self._in("systemctl", "start", "raqib.service")

    def backup(self, name: str) -> Path:
        """The unit file's own backup command, as the operator runs it (sudo -u raqib)."""
        done = self._in(
            "sudo", "-u", "raqib", "/opt/raqib/.venv/bin/python", "-m", "bot",
            "--config", "/etc/raqib/config.toml", "--db", "/var/lib/raqib/raqib.db",
            "backup", f"/var/lib/raqib/backups/{name}",
        )
        ok(f"backup while running: {done.stdout.strip()}")
        return self.root / "var" / "lib" / "raqib" / "backups" / name

    def stop(self) -> tuple[int, float, str]:
        """Stop the unit; its status, how long the stop took, and what this run logged."""
        invocation = self.prop("InvocationID")  # read before the stop, while it is this run's
        if not invocation:
            raise SystemExit("FAIL raqib.service has no InvocationID: it was never started")
        began = time.monotonic()
        self._in("systemctl", "stop", "raqib.service")
        took = time.monotonic() - began
        show = self._in("systemctl", "show", "raqib.service", "-p", "ExecMainStatus",
                        "-p", "Result").stdout
        props = dict(line.split("=", 1) for line in show.split())
        code = int(props["ExecMainStatus"]) if props.get("Result") == "success" else -1
        return code, took, self.logs(invocation)

    def logs(self, invocation: str) -> str:
        """The lines one run of the unit wrote (its processes carry the run's id): the
        journal also holds every earlier run, whose tracebacks or secrets are not this
        one's to fail on (`-u raqib.service` would read them all)."""
        return self._in("journalctl", f"_SYSTEMD_INVOCATION_ID={invocation}", "--no-pager",
                        "-o", "cat", check=False).stdout

    def health(self) -> str:
        return ""

    def prop(self, name: str) -> str:
        return self._in("systemctl", "show", "raqib.service", "-p", name, "--value").stdout.strip()

    def cleanup(self) -> None:
        self._in("systemctl", "stop", "raqib.service", check=False)
        self._in("systemctl", "reset-failed", "raqib.service", check=False)


async def unit_failures(unit: Unit, server: BotAPIServer, config: Path) -> None:
    """Restart=on-failure after a crash; RestartPreventExitStatus after a rejected token."""
    api = server.api
    api.webhook_url = ""
    unit.start(config)
    await until(lambda: bool(api.webhook_url), 180, "setWebhook")
    pid, restarts = unit.prop("MainPID"), int(unit.prop("NRestarts"))
    unit._in("systemctl", "kill", "--kill-whom=main", "-s", "KILL", "raqib.service")
    api.webhook_url = ""
    await until(lambda: bool(api.webhook_url), 90, "setWebhook again after the crash")
    assert int(unit.prop("NRestarts")) == restarts + 1 and unit.prop("MainPID") != pid
    ok(f"SIGKILLed (pid {pid}): systemd restarted it (Restart=on-failure, NRestarts +1)")
    unit.stop()
    api.token = TOKEN  # any other token now gets 401, as Telegram answers a revoked one
    try:
        unit.start(config, token="424244:RAQIB-deploy-REVOKED-token")
        await until(lambda: unit.prop("ActiveState") == "failed", 60, "failed on the token")
        await asyncio.sleep(12)  # RestartSec=5: time enough for a restart that must not come
        status, state = unit.prop("ExecMainStatus"), unit.prop("ActiveState")
        assert (status, state) == ("3", "failed"), (status, state)
        assert int(unit.prop("NRestarts")) == 0
    finally:
        api.token = None
        unit._in("systemctl", "reset-failed", "raqib.service", check=False)
    ok("a rejected token: status 3, left failed, not restarted (RestartPreventExitStatus=3)")


async def until(check: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise SystemExit(f"FAIL {what}: not within {timeout:.0f}s")
        await asyncio.sleep(0.1)


async def serve_once(target: Docker | Unit, server: BotAPIServer, config: Path,
                     port: int, first: bool) -> None:
    """One life of the deployed bot: start, answer, (first life) back up and store, stop."""
    import httpx

    api = server.api
    api.webhook_url = ""
    target.start(config)
    await until(lambda: bool(api.webhook_url), 180, "setWebhook from the deployed bot")
    hook = next(c for c in reversed(api.calls) if c.method == "setWebhook").params
    assert api.webhook_url == WEBHOOK_URL and api.webhook_secret == SECRET, hook
    ok(f"setWebhook {api.webhook_url} with the secret from the environment")
    await until(lambda: listening(port), 60, "the webhook server listening")
    url = f"http://127.0.0.1:{port}/telegram/hook"
    async with httpx.AsyncClient(timeout=20) as client:

        async def post(update: dict, secret: str | None) -> int:
            headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret else {}
            return (await client.post(url, json=update, headers=headers)).status_code

        async def ask(chat: int, text: str, language: str) -> str:
            since = len(api.sent)
            status = await post(api.new_message(chat, text, language_code=language), SECRET)
            assert status == 200, status
            reply = await server.wait_for_sent(lambda r: r["chat_id"] == chat, 30, since=since)
            return str(reply["text"])

        if first:
            assert await post(api.new_message(7101, "/countdown"), "wrong-secret") == 403
            assert await post(api.new_message(7102, "/countdown"), None) == 403
            ok("POST with a wrong or no secret: 403")
            text = await ask(7103, "/countdown", "en")
            ok(f"POST /countdown with the secret: 200, answered {text.splitlines()[0][:60]!r}")
            text = await ask(7104, "/lang en", "ar")
            ok(f"/lang en in an Arabic user's chat stored: {text.splitlines()[0][:60]!r}")
        else:
            arabic = await ask(7106, "/countdown", "ar")
            english = await ask(7104, "/countdown", "ar")
            assert any("\u0600" <= ch <= "\u06ff" for ch in arabic), arabic
            assert not any("\u0600" <= ch <= "\u06ff" for ch in english), english
            ok("after the restart the chat's /lang en is still there (the volume kept the db)")
    if first:
        backup = target.backup("smoke.db")
        with sqlite3.connect(backup) as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            statements = db.execute("SELECT count(*) FROM statements").fetchone()[0]
            chats = db.execute("SELECT count(*) FROM chats").fetchone()[0]
        assert statements > 0 and chats > 0, (statements, chats)
        ok(f"the backup is a whole database: integrity ok, {statements} statements, "
           f"{chats} chats")
        health = target.health()
        if health:
            await until(lambda: target.health() == "healthy", 90, f"healthy (was {health})")
            ok("HEALTHCHECK: healthy")
    code, took, logs = target.stop()
    assert code == 0, (code, logs[-2000:])
    assert took < STOP_TIMEOUT / 2, took  # SIGTERM handled, not the kill after the timeout
    assert "Traceback" not in logs, logs[-3000:]
    for secret in (TOKEN, TOKEN.split(":")[1], SECRET):
        assert secret not in logs
    ok(f"stopped by SIGTERM in {took:.1f}s, status 0, no traceback, no token or secret logged")


async def stop_while_starting(target: Docker | Unit, config: Path) -> None:
    """A stop during start-up (imports, opening the record) ends it at once, not after the
    kill timeout: the SIGTERM is not lost before PTB's own handler is installed."""
    target.start(config)
    await asyncio.sleep(1)
    _code, took, logs = target.stop()
    assert took < 5, took
    assert "Traceback" not in logs, logs[-3000:]
    ok(f"stopped 1 s after its start, in {took:.1f}s, no traceback")


async def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="target", required=True)
    docker = sub.add_parser("docker", help="run deploy/Dockerfile's image")
    docker.add_argument("--image", default="raqib")
    docker.add_argument("--docker", default="docker", help="the docker client")
    unit = sub.add_parser("unit", help="raqib.service in a booted systemd")
    unit.add_argument("--leader", type=int, required=True, help="the pid of its init")
    unit.add_argument("--unit-root", type=Path, required=True, help="the machine's root")
    args = ap.parse_args(argv)
    target = (Docker(args.image, args.docker) if args.target == "docker"
              else Unit(args.leader, args.unit_root))
    port = free_port()
    work = Path(tempfile.mkdtemp(prefix="raqib-smoke-"))
    with BotAPIServer() as server:
        config = work / "config.toml"
        config.write_text(
            f'[telegram]\nbase_url = "{server.base_url}"\nwebhook_url = "{WEBHOOK_URL}"\n'
            f'listen = "127.0.0.1"\nport = {port}\n', encoding="utf-8",
        )
        config.chmod(0o644)
        work.chmod(0o755)
        try:
            await serve_once(target, server, config, port, first=True)
            await serve_once(target, server, config, port, first=False)
            await stop_while_starting(target, config)
            if isinstance(target, Unit):
                await unit_failures(target, server, config)
        except AssertionError as exc:
            print(f"FAIL {exc!r}", flush=True)
            return 1
        finally:
            target.cleanup()
    print(json.dumps({"target": args.target, "result": "all checks passed"}))
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
