"""OAuth 1.0a signing (networks/x_oauth.py) against the published worked examples."""

from __future__ import annotations

from smm.networks.x_oauth import (
    authorization,
    base_string,
    base_url,
    parse_authorization,
    percent_encode,
    query_parameters,
    signature,
    verify,
)

# X's "Creating a signature" (docs.x.com/fundamentals/authentication/oauth-1-0a/creating-a-signature):
# the page's inputs; its signature was computed for api.twitter.com, the host it named then
X_URL = "https://api.twitter.com/1.1/statuses/update.json"
X_PARAMS = [
    ("status", "Hello Ladies + Gentlemen, a signed OAuth request!"),
    ("include_entities", "true"),
    ("oauth_consumer_key", "xvz1evFS4wEEPTGEFPHBog"),
    ("oauth_nonce", "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg"),
    ("oauth_signature_method", "HMAC-SHA1"),
    ("oauth_timestamp", "1318622958"),
    ("oauth_token", "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb"),
    ("oauth_version", "1.0"),
]
X_CONSUMER_SECRET = "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw"
X_TOKEN_SECRET = "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE"


def test_the_worked_example_of_x_docs_gives_its_parameter_string_and_signature() -> None:
    text = base_string("POST", X_URL, X_PARAMS)
    assert text == (
        "POST&https%3A%2F%2Fapi.twitter.com%2F1.1%2Fstatuses%2Fupdate.json&include_entities%3Dtrue"
        "%26oauth_consumer_key%3Dxvz1evFS4wEEPTGEFPHBog%26oauth_nonce%3DkYjzVBB8Y0ZFabxSWbWovY3uY"
        "SQ2pTgmZeNu2VS4cg%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1318622958%26"
        "oauth_token%3D370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb%26oauth_version%3D1.0%26"
        "status%3DHello%2520Ladies%2520%252B%2520Gentlemen%252C%2520a%2520signed%2520OAuth%2520"
        "request%2521"
    )
    sig = signature("POST", X_URL, X_PARAMS, X_CONSUMER_SECRET, X_TOKEN_SECRET)
    assert sig == "hCtSmYh+iHYCEqBWrE7C7hYmtUk="


def test_rfc_5849_base_string_example_normalises_query_body_and_header_parameters() -> None:
    # RFC 5849 3.4.1.1: query b5, a3, c@, a2; form body c2, a3 ("2 q"); the header's oauth_*
    url = "http://EXAMPLE.COM:80/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b"
    params = [
        *query_parameters(url),
        ("c2", ""),
        ("a3", "2 q"),
        ("oauth_consumer_key", "9djdj82h48djs9d2"),
        ("oauth_token", "kkk9d7dh3k39sjv7"),
        ("oauth_signature_method", "HMAC-SHA1"),
        ("oauth_timestamp", "137131201"),
        ("oauth_nonce", "7d8f3e4a"),
    ]
    assert base_string("post", url, params) == (
        "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D"
        "%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e"
        "4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9"
        "d7dh3k39sjv7"
    )


def test_rfc_5849_protocol_example_signature() -> None:
    # RFC 5849 1.2: GET http://photos.example.net/photos?file=vacation.jpg&size=original
    params = [
        ("file", "vacation.jpg"),
        ("size", "original"),
        ("oauth_consumer_key", "dpf43f3p2l4k3l03"),
        ("oauth_token", "nnch734d00sl2jdk"),
        ("oauth_signature_method", "HMAC-SHA1"),
        ("oauth_timestamp", "137131202"),
        ("oauth_nonce", "chapoH"),
    ]
    url = "http://photos.example.net/photos"
    sig = signature("GET", url, params, "kd94hf93k423kf44", "pfkkdhi9sl3r4s00")
    assert sig == "MdpQcU8iPSUjWoN/UDMsK2sui9I="


def test_percent_encoding_and_base_url_follow_rfc_5849() -> None:
    assert percent_encode("Ladies + Gentlemen, ~a-b_c.d!*'()") == (
        "Ladies%20%2B%20Gentlemen%2C%20~a-b_c.d%21%2A%27%28%29"
    )
    assert percent_encode("Nordlicht ❄ Ü") == "Nordlicht%20%E2%9D%84%20%C3%9C"
    assert base_url("HTTPS://Api.X.com:443/2/tweets?x=1#f") == "https://api.x.com/2/tweets"
    assert base_url("http://127.0.0.1:8787/2/tweets") == "http://127.0.0.1:8787/2/tweets"


def test_a_header_made_by_authorization_verifies_and_a_changed_request_does_not() -> None:
    url = "https://api.x.com/2/users/42/tweets?max_results=100&start_time=2026-12-01T07%3A00%3A00Z"
    header = authorization(
        "GET", url, (), consumer_key="ck", consumer_secret="cs", token="42-t", token_secret="ts"
    )
    oauth = parse_authorization(header)
    assert oauth is not None and oauth["oauth_token"] == "42-t"
    query = query_parameters(url)
    assert query == [("max_results", "100"), ("start_time", "2026-12-01T07:00:00Z")]
    assert verify("GET", url, query, oauth, "cs", "ts")
    assert not verify("GET", url, query, oauth, "cs", "other")
    assert not verify("POST", url, query, oauth, "cs", "ts")
    assert not verify("GET", url, [("max_results", "5")], oauth, "cs", "ts")
    assert parse_authorization("Bearer abc") is None
