"""Dashboard sign-in links: only the bot can make one, it expires, and it says who it is for."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.coordination.links import LinkProblem, LinkSigner, SignedLink

NOW = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)


def signer(secret: bytes = b"k" * 32) -> LinkSigner:
    return LinkSigner(secret, timedelta(minutes=10))


def test_a_link_names_its_coordinator_until_it_expires() -> None:
    token = signer().make("alex@example.org", NOW)

    read = signer().read(token, NOW + timedelta(minutes=9))
    assert isinstance(read, SignedLink)
    assert read.coordinator == "alex@example.org"
    assert signer().read(token, NOW + timedelta(minutes=10)) == LinkProblem.EXPIRED


def test_a_link_changed_by_hand_or_made_with_another_key_is_refused() -> None:
    token = signer().make("alex@example.org", NOW)
    payload, _, signature = token.partition(".")
    forged = signer().make("mallory@example.org", NOW).partition(".")[0] + "." + signature

    assert signer().read(forged, NOW) == LinkProblem.TAMPERED
    assert signer(b"other" * 8).read(token, NOW) == LinkProblem.TAMPERED
    assert signer().read(payload, NOW) == LinkProblem.MALFORMED
    assert signer().read("", NOW) == LinkProblem.MALFORMED


def test_two_links_for_the_same_coordinator_differ_so_each_is_used_once() -> None:
    first, second = (signer().make("alex@example.org", NOW) for _ in range(2))
    a, b = signer().read(first, NOW), signer().read(second, NOW)

    assert isinstance(a, SignedLink) and isinstance(b, SignedLink)
    assert a.nonce != b.nonce
