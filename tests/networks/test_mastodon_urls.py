"""networks/mastodon_urls.py: the links Mastodon counts as 23, found as its extractor finds them."""

from __future__ import annotations

from smm.networks import mastodon_urls


def test_a_link_with_no_scheme_can_swallow_one_with_a_scheme_as_mastodon_s_scan_does():
    # zerno.ru/https://x.ru is one match without a scheme: Mastodon links neither part of it
    assert mastodon_urls.spans("zerno.ru/https://x.ru") == []
    assert mastodon_urls.spans("zerno.ru https://x.ru") == [(9, 21)]


def test_a_long_link_a_person_writes_is_still_one_link():
    params = "&".join(f"utm_{n}=value-{n}_x" for n in range(60))
    link = f"https://www.google.com/maps/place/Zerno/@55.75,37.61,17z/data=!3m1!4b1?{params}"
    assert len(link) > 1000 and mastodon_urls.spans(f"Hier: {link}") == [(6, 6 + len(link))]
