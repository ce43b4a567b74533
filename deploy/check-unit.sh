#!/usr/bin/env bash
# Run deploy/raqib.service under a real systemd and check it (deploy/smoke_webhook.py unit).
# Slow (a Debian root is made the first time: about 5 minutes) and needs root: not part of
# the test suite. From the repository root, after `make install`:
#
#   sudo deploy/check-unit.sh
#
# It makes a Debian bookworm root (debootstrap; systemd, python3.11, make, sudo), installs
# the committed tree there as the unit file's header says (a raqib system user, the checkout
# in /opt/raqib, `make install`), boots it with systemd-nspawn (the host's network, so the
# stand-in Bot API stays on 127.0.0.1; the host needs no running systemd), runs
# `systemd-analyze verify` on the unit, then the smoke checks: webhook, backup while it runs
# (the unit file's own sudo -u raqib command), stop, restart, a crash restarted, a rejected
# token not restarted. The booted root is powered off at the end. WORK=DIR keeps the root
# elsewhere (default /tmp/raqib-check-unit); an existing root is reused, with the unit file
# copied in afresh (delete $WORK/root to reinstall the code).
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-/tmp/raqib-check-unit}
ROOT=$WORK/root
PY=${PY:-$REPO/.venv/bin/python}   # runs the smoke driver
mkdir -p "$WORK"
command -v systemd-nspawn >/dev/null || apt-get install -y --no-install-recommends systemd-container
command -v debootstrap >/dev/null || apt-get install -y --no-install-recommends debootstrap

if [ ! -x "$ROOT/opt/raqib/.venv/bin/python" ]; then
  rm -rf "$ROOT"
  debootstrap --variant=minbase --include=systemd,systemd-sysv,dbus,ca-certificates \
    bookworm "$ROOT" http://deb.debian.org/debian
  if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then  # a TLS proxy's CA
    cp /usr/local/share/ca-certificates/*.crt "$ROOT/usr/local/share/ca-certificates/"
    chroot "$ROOT" update-ca-certificates >/dev/null
  fi
  cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
  chroot "$ROOT" apt-get update -q  # apt, not debootstrap, resolves python3.11-venv's deps
  DEBIAN_FRONTEND=noninteractive chroot "$ROOT" apt-get install -y -q --no-install-recommends \
    python3.11 python3.11-venv make sudo
  # The unit file's own install steps.
  chroot "$ROOT" useradd --system --home-dir /opt/raqib --shell /usr/sbin/nologin raqib
  mkdir -p "$ROOT/opt/raqib"
  git -C "$REPO" archive HEAD | tar -C "$ROOT/opt/raqib" -x
  env -u PIP_FIND_LINKS PIP_CERT=/etc/ssl/certs/ca-certificates.crt \
    chroot "$ROOT" make -C /opt/raqib install
  rm -f "$ROOT/etc/resolv.conf"
fi
cp "$REPO/deploy/raqib.service" "$ROOT/etc/systemd/system/raqib.service"
echo raqib-check >"$ROOT/etc/hostname"

systemd-nspawn -b -D "$ROOT" -M raqib-check --register=no --keep-unit --console=pipe \
  >"$WORK/nspawn.log" 2>&1 &
NSPAWN=$!
trap 'kill -TERM "$NSPAWN" 2>/dev/null; wait "$NSPAWN" 2>/dev/null || true' EXIT
LEADER=
for _ in $(seq 60); do LEADER=$(pgrep -P "$NSPAWN" | head -1) && [ -n "$LEADER" ] && break; sleep 1; done
[ -n "$LEADER" ] || { echo "FAIL systemd did not boot: $(tail -5 "$WORK/nspawn.log")"; exit 1; }
state=$(timeout 120 nsenter -t "$LEADER" -a systemctl is-system-running --wait || true)
echo "systemd $(nsenter -t "$LEADER" -a systemctl --version | head -1 | cut -d' ' -f2): $state"
nsenter -t "$LEADER" -a systemd-analyze verify /etc/systemd/system/raqib.service
echo "ok   systemd-analyze verify raqib.service: no complaint"
"$PY" "$REPO/deploy/smoke_webhook.py" unit --leader "$LEADER" --unit-root "$ROOT"
