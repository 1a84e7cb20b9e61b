"""Where Meta fetches a post's images from, checked before anything is sent.

Meta fetches every image itself from a public URL ("We cURL media used in publishing attempts"),
Instagram's and Threads' containers alike, so nothing is uploaded: ``public_url`` is the public
base URL + the image's path in the repository, and ``check_public`` makes sure it answers 200 with
an image type first, since a container Meta cannot fetch fails only after it was made. ``network``
names the network in errors (``instagram`` unless given).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING
from urllib.parse import quote

from smm.errors import ConfigError, NetworkError, RetryableError

if TYPE_CHECKING:
    import httpx

    from smm.networks.base import Account

PUBLIC_BASE_ENV = "SMM_PUBLIC_BASE_URL"


def public_url(account: Account, src: str, network: str = "instagram") -> str:
    """Where Meta fetches ``src`` (a path in the repository) from.

    SMM_PUBLIC_BASE_URL, when set, wins over the brand's ``public_base_url`` (``smm publish
    --sandbox`` sets it to its loopback file server); e.g.
    https://raw.githubusercontent.com/<owner>/<repo>/main or the Pages site.
    """
    base = os.environ.get(PUBLIC_BASE_ENV) or account.settings.get("public_base_url")
    if not base:
        raise ConfigError(
            f"{network}: Meta fetches images from a public URL: set public_base_url in "
            f"the brand's {network} account or {PUBLIC_BASE_ENV} (e.g. the repository's raw files)"
        )
    return f"{str(base).rstrip('/')}/{quote(src.lstrip('/'), safe='/')}"


def check_public(client: httpx.Client, url: str, src: str, network: str = "instagram") -> str:
    """``url`` if it answers 200 with an image type, as Meta's fetch needs; else NetworkError."""
    import httpx  # at run time only: importing this module must stay cheap (networks/base.py)

    try:
        response = client.head(url, follow_redirects=True)
        if response.status_code in (405, 501):  # a host without HEAD: ask for the body's head
            with client.stream("GET", url, follow_redirects=True) as response:
                pass
    except httpx.TransportError as exc:
        raise RetryableError(
            network,
            f"{src}: its public URL {url} cannot be reached "
            f"({type(exc).__name__}); nothing was sent to {network.capitalize()}",
        ) from None
    kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if response.status_code != 200:
        raise NetworkError(
            network,
            f"{src}: its public URL {url} answers HTTP {response.status_code}, "
            "so Meta could not fetch it (is it pushed and is public_base_url right?); "
            f"nothing was sent to {network.capitalize()}",
        )
    if not kind.startswith("image/"):
        raise NetworkError(
            network,
            f"{src}: its public URL {url} serves {kind or 'no content type'}, "
            f"not an image; nothing was sent to {network.capitalize()}",
        )
    return url
