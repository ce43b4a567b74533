"""deploy/Dockerfile and deploy/raqib.service, checked against the repository (docker and
systemd are not on the test machine, so neither is run here): every path they copy or use
exists or is made by the install, the package list matches pyproject.toml, the database
lies on the volume / in the state directory, the config file they name is the example's
shape (a webhook table), and the exit status the unit does not restart on is the CLI's
rejected-token status."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from bot.config import Config
from bot.polling import EXIT_TOKEN_REJECTED

REPO = Path(__file__).resolve().parent.parent
DOCKERFILE = (REPO / "deploy" / "Dockerfile").read_text(encoding="utf-8")
UNIT = (REPO / "deploy" / "raqib.service").read_text(encoding="utf-8")


def _unit(key: str) -> str:
    return next(ln.split("=", 1)[1] for ln in UNIT.splitlines() if ln.startswith(f"{key}="))


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
