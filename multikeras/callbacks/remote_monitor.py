"""`RemoteMonitor`: POST each epoch's logs to a server."""

from __future__ import annotations

import ipaddress
import json
import socket
import urllib.error
import urllib.parse
import urllib.request
import warnings
from typing import Any

import numpy as np

from multikeras.api_export import export
from multikeras.callbacks.callback import Callback
from multikeras.typing import Logs


def _check_url(root: str, path: str) -> None:
    """Rejects a non-HTTP(S) `root`, and a `path` that changes its host."""
    root_url = urllib.parse.urlparse(root)
    if root_url.scheme not in ("http", "https"):
        raise ValueError(
            f"Invalid URL scheme '{root_url.scheme}'. Only 'http' and "
            "'https' are allowed."
        )
    full = urllib.parse.urlparse(root + path)
    if full.hostname != root_url.hostname:
        raise ValueError(
            "Host injection detected: the combined URL hostname "
            f"'{full.hostname}' does not match the root hostname "
            f"'{root_url.hostname}'. Ensure 'path' does not contain '@', "
            "scheme separators, or other authority-altering characters."
        )
    if not full.hostname:
        raise ValueError("URL must contain a valid hostname.")


def _check_address(hostname: str) -> None:
    """Refuses hosts resolving to link-local addresses (cloud metadata
    services); checked at each request, against DNS rebinding."""
    try:
        infos = socket.getaddrinfo(hostname, None)
    except socket.gaierror as error:
        raise ValueError(
            f"Unable to resolve hostname '{hostname}': {error}"
        ) from error
    for info in infos:
        try:
            address = ipaddress.ip_address(info[4][0])
        except ValueError:
            continue
        if address.is_link_local:
            raise ValueError(
                "Requests to link-local IP addresses are not allowed (SSRF "
                f"protection): '{address}' resolved from '{hostname}'."
            )


def _plain(value: Any) -> Any:
    if isinstance(value, (np.ndarray, np.generic)):
        return value.item()
    if hasattr(value, "__array__"):
        return np.asarray(value).item()
    return value


@export("multikeras.callbacks.RemoteMonitor")
class RemoteMonitor(Callback):
    """Streams each epoch's logs to a server, as an HTTP POST.

    At each epoch end, `{"epoch": epoch, **logs}` is sent to `root +
    path`: JSON-encoded in the form field `field`, or as the JSON body
    (`Content-Type: application/json`) with `send_as_json=True`. An
    unreachable server gives a warning, not an error. Uses the standard
    library (`urllib`), not `requests`.

    Args:
        root: the server's root URL (http or https). Defaults to
            `"http://localhost:9000"`.
        path: the path under `root`. Defaults to `"/publish/epoch/end/"`.
        field: the form field holding the data (when not sent as JSON).
            Defaults to `"data"`.
        headers: extra HTTP headers, a dict.
        send_as_json: send the data as the JSON body. Defaults to `False`.

    Example:

    >>> monitor = multikeras.callbacks.RemoteMonitor(
    ...     root="http://localhost:9000")
    >>> monitor.root + monitor.path
    'http://localhost:9000/publish/epoch/end/'
    """

    reads_state_every_batch = False

    def __init__(
        self,
        root: str = "http://localhost:9000",
        path: str = "/publish/epoch/end/",
        field: str = "data",
        headers: dict[str, str] | None = None,
        send_as_json: bool = False,
    ) -> None:
        super().__init__()
        _check_url(root, path)
        self.root = root
        self.path = path
        self.field = field
        self.headers = headers
        self.send_as_json = send_as_json

    def on_epoch_end(self, epoch: int, logs: Logs | None = None) -> None:
        send = {"epoch": epoch}
        send.update({k: _plain(v) for k, v in (logs or {}).items()})
        _check_address(urllib.parse.urlparse(self.root).hostname or "")
        headers = dict(self.headers or {})
        if self.send_as_json:
            body = json.dumps(send).encode("utf-8")
            headers.setdefault("Content-Type", "application/json")
        else:
            body = urllib.parse.urlencode(
                {self.field: json.dumps(send)}
            ).encode("utf-8")
            headers.setdefault(
                "Content-Type", "application/x-www-form-urlencoded"
            )
        request = urllib.request.Request(  # noqa: S310 (scheme checked)
            self.root + self.path, data=body, headers=headers,
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=10):  # noqa: S310
                pass
        except (urllib.error.URLError, OSError):
            warnings.warn(
                "Could not reach RemoteMonitor root server at "
                f"{self.root}",
                stacklevel=2,
            )
