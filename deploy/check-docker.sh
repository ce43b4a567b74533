#!/usr/bin/env bash
# Build deploy/Dockerfile and run the image for real (deploy/smoke_webhook.py docker).
# Slow (a few minutes) and needs root: not part of the test suite. From the repository root:
#
#   sudo deploy/check-docker.sh              # with the Docker engine already running
#   sudo deploy/check-docker.sh --own-engine # start a private dockerd (Debian's docker.io)
#   sudo deploy/check-docker.sh --own-engine --stand-in-base
#
# --own-engine starts dockerd on a socket of its own under $WORK, with no bridge and no
# iptables rules (the container uses the host's network; everything stays on 127.0.0.1),
# and stops it at the end. --stand-in-base is for a machine that reaches Debian's packages
# and PyPI but no image registry: it makes a local image tagged python:3.11-slim the way
# the official one is made (Debian bookworm, by debootstrap, with CPython 3.11 in /usr/local,
# here copied from $PYTHON_PREFIX, default the prefix of the python3.11 on PATH). If the
# machine's TLS goes through a proxy with its own CA (in /usr/local/share/ca-certificates),
# the stand-in trusts it too, so that pip inside the build reaches PyPI.
set -euo pipefail

OWN_ENGINE=0 STAND_IN=0
for arg in "$@"; do
  case "$arg" in
    --own-engine) OWN_ENGINE=1 ;;
    --stand-in-base) STAND_IN=1 ;;
    *) echo "usage: $0 [--own-engine] [--stand-in-base]" >&2; exit 2 ;;
  esac
done
REPO=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-/tmp/raqib-check-docker}
PY=${PY:-$REPO/.venv/bin/python}   # runs the smoke driver (make install first)
mkdir -p "$WORK"

if [ "$OWN_ENGINE" = 1 ]; then
  command -v dockerd >/dev/null || apt-get install -y --no-install-recommends docker.io
  export DOCKER_HOST="unix://$WORK/docker.sock"
  dockerd --bridge=none --iptables=false --ip-masq=false --data-root "$WORK/root" \
    --exec-root "$WORK/exec" --pidfile "$WORK/dockerd.pid" -H "$DOCKER_HOST" \
    >"$WORK/dockerd.log" 2>&1 &
  trap 'kill "$(cat "$WORK/dockerd.pid")" 2>/dev/null || true' EXIT
  for _ in $(seq 60); do docker version >/dev/null 2>&1 && break; sleep 1; done
fi
docker version --format 'engine {{.Server.Version}}, client {{.Client.Version}}'

if [ "$STAND_IN" = 1 ] && ! docker image inspect python:3.11-slim >/dev/null 2>&1; then
  command -v debootstrap >/dev/null || apt-get install -y --no-install-recommends debootstrap
  PYTHON_PREFIX=${PYTHON_PREFIX:-$(python3.11 -c 'import sys; print(sys.base_prefix)')}
  ROOT="$WORK/rootfs"
  rm -rf "$ROOT"
  debootstrap --variant=minbase --include=ca-certificates,netbase,tzdata,libsqlite3-0,\
libncursesw6,libreadline8,libnsl2,libtirpc3 bookworm "$ROOT" http://deb.debian.org/debian
  mkdir -p "$ROOT/usr/local/lib/python3.11/site-packages" "$ROOT/usr/local/bin"
  (cd "$PYTHON_PREFIX/lib" && tar -c --exclude='python3.11/site-packages/*' \
    --exclude=python3.11/test --exclude=python3.11/idlelib --exclude=python3.11/tkinter \
    --exclude='*/_tkinter*' --exclude=__pycache__ python3.11 libpython3*) \
    | tar -C "$ROOT/usr/local/lib" -x
  cp -a "$PYTHON_PREFIX/bin/python3.11" "$ROOT/usr/local/bin/"
  ln -sf python3.11 "$ROOT/usr/local/bin/python3" && ln -sf python3 "$ROOT/usr/local/bin/python"
  if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
    cp /usr/local/share/ca-certificates/*.crt "$ROOT/usr/local/share/ca-certificates/"
    chroot "$ROOT" update-ca-certificates >/dev/null
  fi
  chroot "$ROOT" /sbin/ldconfig
  chroot "$ROOT" /usr/local/bin/python -m ensurepip --default-pip >/dev/null
  chroot "$ROOT" apt-get clean && rm -rf "$ROOT"/var/lib/apt/lists/*
  tar -C "$ROOT" -c . | docker import \
    -c 'ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin' \
    -c 'ENV LANG=C.UTF-8' -c 'ENV PIP_CERT=/etc/ssl/certs/ca-certificates.crt' \
    -c 'CMD ["python3"]' -m "local stand-in for python:3.11-slim" - python:3.11-slim
fi

cd "$REPO"
time docker build --network host -f deploy/Dockerfile -t raqib .
"$PY" deploy/smoke_webhook.py docker --image raqib
