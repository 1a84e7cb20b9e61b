"""The language of a post's text, for the page's ``lang`` attribute: the page's own words are
English (``<html lang="en">``), a post's text is in the brand's language, and a screen reader
reads each with the voice of the language it is told.

Brand files name a language only per account (docs/networks.md: Mastodon's ``language``,
Bluesky's ``langs``); a network's view takes its account's, and the brand's language is the one
its accounts agree on. With none known there is no ``lang``: the page's English would be a wrong
guess, but no attribute is the reader's own guess.
"""

from __future__ import annotations

import re

from smm.content.model import Brand

#: a BCP 47 tag as brand files write them ("de", "pt-BR", "zh-Hant"): anything else is not
#: put on a page
_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")


def account_language(brand: Brand | None, network: str) -> str | None:
    """The language the brand's account on ``network`` posts in: Mastodon's ``language``, or
    Bluesky's ``langs`` when it names one (two or more: the text's own is not known)."""
    settings = brand.accounts.get(network) if brand else None
    if not settings:
        return None
    one = settings.get("language")
    langs = settings.get("langs")
    if one is None and isinstance(langs, list) and len(langs) == 1:
        one = langs[0]
    return one if isinstance(one, str) and _TAG.fullmatch(one) else None


def brand_language(brand: Brand | None) -> str | None:
    """The one language the brand's accounts name, if they name exactly one."""
    named = {account_language(brand, network) for network in (brand.accounts if brand else {})}
    named.discard(None)
    return named.pop() if len(named) == 1 else None


def view_language(brand: Brand | None, network: str) -> str | None:
    """The ``lang`` of the post's text as ``network`` shows it: its account's, else the brand's."""
    return account_language(brand, network) or brand_language(brand)
