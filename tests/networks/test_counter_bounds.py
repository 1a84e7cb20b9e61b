"""The cheap bounds lint uses to skip exact counting must never be below the exact count."""

from hypothesis import given, settings, strategies as st

from smm.networks.counters import COUNTERS, UPPER_BOUNDS

_PIECES = st.sampled_from([
    "a", "я", " ", ".", "a.ru", "t.co", "https://x.com/a", "http://пример.рф", "👍🏽", "👨‍👩‍👧", "#️⃣", "©", "®",
    "日本", "é", "e\u0301", "\n", "@u@m.social", "x.xn--p1ai", "end. Start",
])
texts = st.lists(_PIECES, max_size=40).map("".join) | st.text(max_size=200)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_every_upper_bound_is_at_least_the_exact_count(text):
    for counter, bound in UPPER_BOUNDS.items():
        assert bound(text) >= COUNTERS[counter](text), counter
