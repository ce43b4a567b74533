"""deploy/Dockerfile and deploy/raqib.service, checked against the repository: every path
they copy or use exists or is made by the install and is in the build context
(.dockerignore), the package list matches pyproject.toml, the database lies on the volume /
in the state directory, the config file they name is the example's shape (a webhook table),
the exit status the unit does not restart on is the CLI's rejected-token status, matplotlib
gets a writable cache, and the image's HEALTHCHECK tells a serving webhook from none.

Docker and systemd themselves are not needed here (a clean clone, no network): building and
running the image and the unit for real is deploy/check-docker.sh and deploy/check-unit.sh,
slow and as root (README, "Deployment")."""

from __future__ import annotations

import fnmatch
import importlib.util
import json
import os
import re
import socket
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from telegram.ext import Application

from bot.config import Config
from bot.polling import EXIT_TOKEN_REJECTED, TOKEN_REJECTED
from bot.webhook import url_path

REPO = Path(__file__).resolve().parent.parent
DOCKERFILE = (REPO / "deploy" / "Dockerfile").read_text(encoding="utf-8")
UNIT = (REPO / "deploy" / "raqib.service").read_text(encoding="utf-8")


def _unit(key: str) -> str:
    return next(ln.split("=", 1)[1] for ln in UNIT.splitlines() if ln.startswith(f"{key}="))


def _in_build_context(path: str) -> bool:
    """Whether .dockerignore lets `path` into the context: the last pattern matching it, or
    one of its parent directories, decides (a `!` pattern lets it in), as Docker reads it."""
    included = True
    rules = [ln.strip() for ln in (REPO / ".dockerignore").read_text().splitlines()]
    parts = Path(path).parts
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    for rule in (r for r in rules if r and not r.startswith("#")):
        keep = rule.startswith("!")
        pattern = rule.lstrip("!").rstrip("/")
        if any(fnmatch.fnmatchcase(p, pattern) for p in prefixes):
            included = keep
    return included


def test_the_dockerfile_copies_what_exists_and_installs_every_package() -> None:
    copies = [ln.split()[1:-1] for ln in DOCKERFILE.splitlines() if ln.startswith("COPY ")]
    sources = [src for line in copies for src in line]
    assert sources and all((REPO / src).exists() for src in sources), sources
    packages = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert set(packages["packages"]) <= set(sources)  # `pip install -e .` finds them all
    assert "data" in sources and list((REPO / "data" / "stories").glob("*.toml"))
    workdir = re.search(r"^WORKDIR (\S+)", DOCKERFILE, re.M).group(1)
    volume = re.search(r'^VOLUME \["([^"]+)"\]', DOCKERFILE, re.M).group(1)
    assert volume == f"{workdir}/{Path(Config.db_path).parent}"  # the database on the volume
    assert "config.toml" in re.search(r"^CMD (.+)$", DOCKERFILE, re.M).group(1)
    assert (REPO / "config.example.toml").exists()


def test_the_unit_uses_the_checkouts_venv_state_directory_and_exit_status() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    venv = re.search(r"^VENV := (\S+)", makefile, re.M).group(1)
    workdir = _unit("WorkingDirectory")
    assert _unit("ExecStart").split()[0] == f"{workdir}/{venv}/bin/python"  # `make install`
    db = re.search(r"RAQIB_DB=(\S+)", _unit("Environment")).group(1)
    assert Path(db).parent == Path("/var/lib") / _unit("StateDirectory")
    assert _unit("RestartPreventExitStatus") == str(EXIT_TOKEN_REJECTED)
    config = re.search(r"--config (\S+)", _unit("ExecStart")).group(1)
    assert config.endswith("config.toml") and "config.toml" in UNIT.split("[Unit]")[0]


def test_the_example_config_has_the_webhook_keys_the_deploy_files_need() -> None:
    example = (REPO / "config.example.toml").read_text(encoding="utf-8")
    for key in ("webhook_url", "listen", "secret_token"):
        assert re.search(rf"^#? ?{key} = ", example, re.M), key


def test_the_build_context_holds_what_the_dockerfile_copies_and_nothing_private() -> None:
    copies = [ln.split()[1:-1] for ln in DOCKERFILE.splitlines() if ln.startswith("COPY ")]
    sources = [src for line in copies for src in line]
    assert all(_in_build_context(src) for src in sources), sources
    assert all(_in_build_context(f"{d}/__init__.py") for d in ("bot", "storage"))
    for private in (".venv/bin/python", "config.toml", "var/raqib.db", "tests/conftest.py",
                    "bot/__pycache__/cli.cpython-311.pyc", ".git/HEAD"):
        assert not _in_build_context(private), private
    check = json.loads(re.search(r"^\s+CMD (\[.+\])$", DOCKERFILE, re.M).group(1))
    assert check[0] == "python" and check[1] in sources  # the HEALTHCHECK's script is copied


def test_matplotlib_gets_a_cache_it_can_write_in_the_image_and_the_unit() -> None:
    """The raqib user's home (/app, /opt/raqib) is not writable there: without MPLCONFIGDIR
    matplotlib warns and rebuilds its font cache in a fresh temporary directory each start."""
    docker = re.search(r"MPLCONFIGDIR=(\S+)", DOCKERFILE).group(1)
    assert docker.startswith("/tmp/")  # writable by any user in the container
    unit = next(
        m.group(1) for ln in UNIT.splitlines() if (m := re.search(r"MPLCONFIGDIR=(\S+)", ln))
    )
    assert Path(unit).parent == Path("/var/cache") / _unit("CacheDirectory")
    assert _unit("UMask") == "0077" and _unit("StateDirectoryMode") == "0700"


def test_the_image_runs_the_bot_under_an_init_that_it_installs() -> None:
    """PID 1 has no default action for SIGTERM: run directly, the bot would ignore
    `docker stop` until PTB installs its handler. The ENTRYPOINT is an init the image
    installs, and it ends its options with `--` so the CMD is the bot's command line."""
    entry = json.loads(re.search(r"^ENTRYPOINT (\[.+\])$", DOCKERFILE, re.M).group(1))
    init = Path(entry[0]).name
    installs = [ln for ln in DOCKERFILE.splitlines() if "apt-get install" in ln]
    assert entry[-1] == "--" and any(init in ln.split() for ln in installs), (entry, installs)
    cmd = json.loads(re.search(r"^CMD (\[.+\])$", DOCKERFILE, re.M).group(1))
    assert cmd[:3] == ["python", "-m", "bot"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _probe(config: Path) -> tuple[bool, str]:
    """deploy/healthcheck.py's probe, in process (a deploy script, not a package)."""
    spec = importlib.util.spec_from_file_location("healthcheck", REPO / "deploy/healthcheck.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.probe(str(config))


def _healthcheck(config: Path) -> subprocess.CompletedProcess:
    """deploy/healthcheck.py as the image's HEALTHCHECK runs it (python, from the app dir)."""
    return subprocess.run(
        [sys.executable, "deploy/healthcheck.py", str(config)],
        cwd=REPO, capture_output=True, text=True, timeout=60,
    )


async def test_the_healthcheck_is_healthy_only_while_the_webhook_serves(botapi_server, tmp_path):
    import asyncio

    port = _free_port()
    hook = "https://raqib.example.org/telegram/hook"
    config = tmp_path / "config.toml"
    config.write_text(
        f'[telegram]\nwebhook_url = "{hook}"\nlisten = "127.0.0.1"\nport = {port}\n',
        encoding="utf-8",
    )
    down = await asyncio.to_thread(_healthcheck, config)
    assert down.returncode == 1 and down.stdout.startswith("unhealthy:"), down.stdout

    # PTB's own webhook server, as run_webhook serves it (Raqib's handlers play no part in it)
    app = Application.builder().token("424245:RAQIB-health-SECRET")
    app = app.base_url(botapi_server.base_url).build()
    await app.initialize()
    try:
        await app.updater.start_webhook(
            listen="127.0.0.1", port=port, url_path=url_path(hook), webhook_url=hook,
            secret_token="health-Secret_0123",
        )
        up = await asyncio.to_thread(_healthcheck, config)
        assert up.returncode == 0 and "403" in up.stdout, (up.stdout, up.stderr)
        other_path = tmp_path / "other.toml"  # a server, but not the webhook's path: 404
        other_path.write_text(config.read_text().replace("/telegram/hook", "/elsewhere"))
        healthy, seen = await asyncio.to_thread(_probe, other_path)
        assert not healthy and "404" in seen, seen
        assert not botapi_server.api.sent  # the probes were refused, never handled
    finally:
        await app.updater.stop()
        await app.shutdown()
    healthy, seen = await asyncio.to_thread(_probe, config)
    assert not healthy and "refused" in seen.lower(), seen
    bare = tmp_path / "bare.toml"
    bare.write_text("[telegram]\n", encoding="utf-8")
    healthy, seen = await asyncio.to_thread(_probe, bare)
    assert not healthy and "webhook_url" in seen, seen


async def test_a_rejected_token_is_one_line_and_the_status_the_unit_does_not_restart_on(
    tmp_path,
):
    """What a service manager logs when Telegram refuses the token in webhook mode: Raqib's
    line and exit 3 (RestartPreventExitStatus), no traceback from PTB's retry loop."""
    import asyncio
    import os

    from botapi import FakeBotAPI
    from botapi_server import BotAPIServer

    token = "424247:RAQIB-revoked-SECRET-token"
    with BotAPIServer(FakeBotAPI(token="424247:RAQIB-the-current-one")) as server:
        config = tmp_path / "config.toml"
        config.write_text(
            f'[telegram]\nbase_url = "{server.base_url}"\n'
            f'webhook_url = "https://raqib.example.org/hook"\nport = {_free_port()}\n'
            f'[storage]\npath = "{tmp_path / "raqib.db"}"\n',
            encoding="utf-8",
        )
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": token}
        done = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-m", "bot", "run", "--webhook", "--config", str(config)],
            cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
        )
    assert done.returncode == EXIT_TOKEN_REJECTED == int(_unit("RestartPreventExitStatus"))
    assert done.stderr.count(TOKEN_REJECTED) == 1, done.stderr
    assert "Traceback" not in done.stderr and token.split(":")[1] not in done.stderr


# A stand-in for `nsenter -t PID -a CMD…` into a booted systemd: systemctl show/stop and
# journalctl over a journal of records with their fields, as the real ones answer.
_FAKE_NSENTER = '''
import json, sys
state_path = sys.argv[1]
state = json.load(open(state_path))
argv = sys.argv[sys.argv.index("-a") + 1 :]  # after "-t PID -a" (argv[1] is the state)
if argv[0] == "systemctl" and argv[1] == "stop":
    state["journal"].append({"_SYSTEMD_UNIT": argv[2], "MESSAGE": "stopped by SIGTERM",
                             "_SYSTEMD_INVOCATION_ID": state["props"]["InvocationID"]})
    state["props"]["ActiveState"] = "inactive"
elif argv[0] == "systemctl" and argv[1] == "show":
    names = [argv[i + 1] for i, a in enumerate(argv) if a == "-p"]
    if "--value" in argv:
        print("\\n".join(state["props"].get(n, "") for n in names))
    else:
        print("\\n".join(f"{n}={state['props'].get(n, '')}" for n in names))
elif argv[0] == "journalctl":
    matches, i = {}, 1
    while i < len(argv):
        if argv[i] == "-u":
            matches["_SYSTEMD_UNIT"] = argv[i + 1]; i += 1
        elif argv[i] == "-o":
            i += 1
        elif "=" in argv[i] and not argv[i].startswith("-"):
            key, value = argv[i].split("=", 1); matches[key] = value
        i += 1
    for record in state["journal"]:
        if all(record.get(k) == v for k, v in matches.items()):
            print(record["MESSAGE"])
json.dump(state, open(state_path, "w"))
'''


def _smoke_module():
    spec = importlib.util.spec_from_file_location("smoke_webhook", REPO / "deploy/smoke_webhook.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _fake_systemd(tmp_path: Path, monkeypatch, journal: list[dict], invocation: str) -> Path:
    state = tmp_path / "systemd.json"
    props = {"InvocationID": invocation, "ExecMainStatus": "0", "Result": "success"}
    state.write_text(json.dumps({"props": props, "journal": journal}), encoding="utf-8")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = tmp_path / "fake_nsenter.py"
    script.write_text(_FAKE_NSENTER, encoding="utf-8")
    nsenter = bin_dir / "nsenter"
    nsenter.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{script}" "{state}" "$@"\n')
    nsenter.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")
    return state


def test_the_unit_smoke_check_reads_only_this_runs_journal(tmp_path, monkeypatch) -> None:
    """An earlier run's traceback and token in the journal are not this run's: the smoke
    check's logs of a stop are the lines with the stopped run's _SYSTEMD_INVOCATION_ID."""
    smoke = _smoke_module()
    unit = "raqib.service"
    journal = [
        {"_SYSTEMD_UNIT": unit, "_SYSTEMD_INVOCATION_ID": "0a" * 16, "MESSAGE": "Traceback ..."},
        {"_SYSTEMD_UNIT": unit, "_SYSTEMD_INVOCATION_ID": "0a" * 16, "MESSAGE": smoke.TOKEN},
        {"_SYSTEMD_UNIT": unit, "_SYSTEMD_INVOCATION_ID": "1b" * 16, "MESSAGE": "webhook set"},
        {"_SYSTEMD_UNIT": "other.service", "_SYSTEMD_INVOCATION_ID": "2c" * 16,
         "MESSAGE": "someone else"},
    ]
    _fake_systemd(tmp_path, monkeypatch, journal, invocation="1b" * 16)
    code, _took, logs = smoke.Unit(1, tmp_path).stop()
    assert code == 0
    assert logs.splitlines() == ["webhook set", "stopped by SIGTERM"]
    # The stand-in answers as journalctl does: the whole unit's journal holds the old run.
    everything = smoke.sh("nsenter", "-t", "1", "-a", "journalctl", "-u", unit, "-o", "cat")
    assert "Traceback ..." in everything.stdout


def test_the_unit_smoke_check_fails_when_the_unit_never_ran(tmp_path, monkeypatch) -> None:
    smoke = _smoke_module()
    _fake_systemd(tmp_path, monkeypatch, [], invocation="")
    with pytest.raises(SystemExit, match="no InvocationID"):
        smoke.Unit(1, tmp_path).stop()
