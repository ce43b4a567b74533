"""The container's HEALTHCHECK: is PTB's webhook server up and checking the secret?

It POSTs an empty JSON object, without the secret header, to the webhook path on the port
that config.toml names. PTB's handler refuses it with 403 before reading it (nothing is
handled, nothing is logged at INFO): 403 is healthy; no answer, a refused connection or any
other status is not. Exit 0 or 1, one line, as Docker wants.
"""

from __future__ import annotations

import sys
import urllib.error
import urllib.request

from bot.config import ConfigError, load_config
from bot.webhook import url_path

# A server listening on every address is asked on loopback.
LOOPBACK = {"0.0.0.0": "127.0.0.1", "::": "[::1]"}
NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy


def probe(config_path: str | None = None, timeout: float = 4.0) -> tuple[bool, str]:
    """(healthy, what was seen) for the webhook server config_path describes."""
    try:
        config = load_config(config_path)
    except ConfigError as exc:
        return False, f"config: {exc}"
    if not config.webhook_url:
        return False, "config has no [telegram] webhook_url"
    listen = config.webhook_listen
    host = LOOPBACK.get(listen, f"[{listen}]" if ":" in listen else listen)
    url = f"http://{host}:{config.webhook_port}{url_path(config.webhook_url)}"
    request = urllib.request.Request(
        url, data=b"{}", method="POST", headers={"Content-Type": "application/json"}
    )
    try:
        with NO_PROXY.open(request, timeout=timeout) as response:
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    except OSError as exc:
        return False, f"{url}: {exc}"
    return status == 403, f"{url}: {status} without the secret"


if __name__ == "__main__":
    healthy, seen = probe(sys.argv[1] if len(sys.argv) > 1 else None)
    print(("healthy: " if healthy else "unhealthy: ") + seen)
    sys.exit(0 if healthy else 1)
