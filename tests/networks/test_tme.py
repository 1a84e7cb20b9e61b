"""Reading t.me/s pages back (networks/tme.py) from markup shaped like saved pages of t.me.

The blocks below follow pages saved from t.me (a channel page of 2023 and one of 2020, found in
public scrapers' fixtures): the same classes, attributes and nesting, ``<br/>`` with no newline
beside it, emoji wrapped in ``<i class="emoji">``, hashtags as ``?q=%23…`` links, text links with
the "Open this link?" confirm, ``'`` and ``$`` as character references, an album as one block
with a ``?single`` photo link per message, a reply quoting another message, a link preview.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from smm.networks.tme import count, parse

EMOJI = '<i class="emoji" style="background-image:url(\'//telegram.org/img/emoji/40/{hex}.png\')"><b>{char}</b></i>'
FOOTER = (
    '<div class="tgme_widget_message_footer compact js-message_footer"><div class="tgme_widget_message_info short '
    'js-message_info"><span class="tgme_widget_message_views">{views}</span><span class="copyonly"> views</span>'
    '<span class="tgme_widget_message_meta"><a class="tgme_widget_message_date" href="https://t.me/zerno_coffee/{id}">'
    '<time datetime="{at}" class="time">17:35</time></a></span></div></div>'
)


def block(post_id: int, inner: str, views: str, at: str) -> str:
    return (
        '<div class="tgme_widget_message_wrap js-widget_message_wrap"><div class="tgme_widget_message '
        f'text_not_supported_wrap js-widget_message" data-post="zerno_coffee/{post_id}" data-view="eyJjIjotMTI5"><div '
        'class="tgme_widget_message_user"><a href="https://t.me/zerno_coffee"><i class="tgme_widget_message_user_photo '
        'bgcolor4" data-content="З"></i></a></div><div class="tgme_widget_message_bubble"><div class="tgme_widget_message'
        '_author accent_color"><a class="tgme_widget_message_owner_name" href="https://t.me/zerno_coffee"><span dir="auto">'
        f"Кофейня «Зерно»</span></a></div>{inner}{FOOTER.format(views=views, id=post_id, at=at)}</div></div></div>"
    )


TEXT = (
    '<div class="tgme_widget_message_text js-message_text" dir="auto"><b>Зимнее меню</b> '
    + EMOJI.format(hex="E29895", char="☕")
    + EMOJI.format(hex="E29D84", char="❄️")
    + ' — it&#39;s &#036;5 &amp; <a href="https://zerno.example/menu?a=1&amp;b=2" target="_blank" rel="noopener" '
    "onclick=\"return confirm('Open this link?\\n\\n'+this.href);\">меню</a><br/><br/>• латте<br/>• раф<br/><br/>"
    '<a href="?q=%23%D0%B7%D0%B8%D0%BC%D0%BD%D0%B5%D0%B5%D0%BC%D0%B5%D0%BD%D1%8E">#зимнееменю</a> '
    '<a href="https://t.me/zerno_coffee" target="_blank">@zerno_coffee</a></div>'
    '<a class="tgme_widget_message_link_preview" href="https://zerno.example/menu"><div class="link_preview_site_name '
    'accent_color" dir="auto">zerno.example</div><div class="link_preview_description" dir="auto">Меню на зиму</div></a>'
)
ALBUM = (
    '<div class="tgme_widget_message_grouped_wrap js-message_grouped_wrap" style="width:453px;"><div class="tgme_widget'
    '_message_grouped" style="padding-top:90.728%"><div class="tgme_widget_message_grouped_layer js-message_grouped_layer"'
    ' style="width:453px;height:411px">'
    + "".join(
        f'<a class="tgme_widget_message_photo_wrap grouped_media_wrap blured js-message_photo" style="left:0px;'
        f"top:0px;width:200px;height:411px;background-image:url('https://cdn4.telesco.pe/file/{n}.jpg')\" "
        f'data-ratio="0.48625" href="https://t.me/zerno_coffee/{n}?single"><div class="grouped_media_helper">'
        '<div class="tgme_widget_message_photo grouped_media"></div></div></a>'
        for n in (3765, 3766, 3767)
    )
    + '</div></div></div><div class="tgme_widget_message_text js-message_text" dir="auto">Карусель</div>'
)
REPLY = (
    '<a class="tgme_widget_message_reply" href="https://t.me/zerno_coffee/3765"><div class="tgme_widget_message_author '
    'accent_color"><span class="tgme_widget_message_author_name" dir="auto">Кофейня «Зерно»</span></div><div class='
    '"tgme_widget_message_text js-message_text" dir="auto">Карусель</div></a><div class="tgme_widget_message_text '
    'js-message_text" dir="auto">Ответ</div><time class="message_video_duration js-message_video_duration">0:32</time>'
)
PAGE = (
    '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n</head>\n<body class="widget_frame_base tgme_webpreview">'
    '<main class="tgme_main" data-url="/zerno_coffee"><div class="tgme_container"><section class="tgme_channel_history '
    'js-message_history"><div class="tgme_widget_message_centered js-messages_more_wrap"><a href="/s/zerno_coffee?before='
    '3764" class="tme_messages_more js-messages_more" data-before="3764"></a></div>'
    + block(3764, TEXT, "5.08K", "2023-11-09T17:35:20+00:00")
    + block(3765, ALBUM, "44", "2023-11-09T17:40:00+00:00")
    + block(3768, REPLY, "1.2M", "2023-11-09T18:00:00+00:00")
    + "</section></div></main>\n</body>\n</html>\n"
)


def test_a_page_reads_back_as_the_posts_a_reader_sees() -> None:
    page = parse(PAGE)
    assert page.has_history and page.before == 3764
    menu, album, reply = page.posts
    assert (menu.id, menu.channel, menu.photos, menu.views) == (3764, "zerno_coffee", 0, "5.08K")
    assert (
        menu.text
        == "Зимнее меню ☕❄️ — it's $5 & меню\n\n• латте\n• раф\n\n#зимнееменю @zerno_coffee"
    )
    assert menu.date == datetime(2023, 11, 9, 17, 35, 20, tzinfo=UTC)
    # an album is one block: its first message is the post, whatever id the block carries
    assert (album.id, album.ids, album.photos, album.text) == (
        3765,
        {3765, 3766, 3767},
        3,
        "Карусель",
    )
    # a quoted message's text is not the post's, and a video's duration is not its time
    assert (reply.text, reply.date) == ("Ответ", datetime(2023, 11, 9, 18, 0, tzinfo=UTC))


def test_pages_without_a_history_or_a_post() -> None:
    card = parse(
        '<html><body><div class="tgme_page"><div class="tgme_page_title"><span dir="auto">Зерно</span></div>'
        '<div class="tgme_page_extra">1 234 subscribers</div></div></body></html>'
    )
    assert (card.has_history, card.posts) == (False, [])
    missing = parse('<div class="tgme_widget_message_error">Post not found</div>')
    assert missing.posts == []
    # odd markup never raises: stray end tags, an unclosed block, a data-post that is not channel/id
    odd = parse(
        '</div></span><div class="tgme_widget_message" data-post="zerno_coffee/x"><div class="tgme_widget_message" '
        'data-post="zerno_coffee/7"><div class="tgme_widget_message_text">a<br>b'
    )
    assert [(p.id, p.text) for p in odd.posts] == [(7, "a\nb")]


@pytest.mark.parametrize(
    "shown,expected",
    [
        ("987", (987, False)),
        ("0", (0, False)),
        ("1.2K", (1200, True)),
        ("5.08K", (5080, True)),
        ("208K", (208000, True)),
        ("18.9M", (18_900_000, True)),
        (" 44 ", (44, False)),
        ("1,1K", None),
        ("2 345", None),
        ("", None),
        ("1.2B", None),
    ],
)
def test_counts_are_read_as_shown_without_inventing_precision(
    shown: str, expected: tuple[int, bool] | None
) -> None:
    assert count(shown) == expected
