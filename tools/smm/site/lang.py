"""The language of a post's text, for the page's ``lang`` attribute: the page's own words are
English (``<html lang="en">``), a post's text is in the brand's language, and a screen reader
reads each with the voice of the language it is told.

A brand file names its language as ``language`` (docs/files.md#brand), and an account may name
its own (docs/networks.md: Mastodon's ``language``, Bluesky's ``langs``): a network's view takes
its account's, else the brand's; a brand that names none has the one its accounts agree on.
With none known there is no ``lang``: the page's English would be a wrong guess, but no
attribute is the reader's own guess.
"""

from __future__ import annotations

import re

from smm.content.model import LANGUAGE_TAG, Brand

#: anything but a BCP 47 tag is not put on a page
_TAG = re.compile(LANGUAGE_TAG)


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
    """The brand file's ``language``; else the one language its accounts name, if exactly one."""
    if brand and brand.language:
        return brand.language
    named = {account_language(brand, network) for network in (brand.accounts if brand else {})}
    named.discard(None)
    return named.pop() if len(named) == 1 else None


def view_language(brand: Brand | None, network: str) -> str | None:
    """The ``lang`` of the post's text as ``network`` shows it: its account's, else the brand's."""
    return account_language(brand, network) or brand_language(brand)
