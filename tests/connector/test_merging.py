"""A turn's messages reach Teams as few messages as show the same: texts above cards, in order."""

from __future__ import annotations

from botbuilder.core import CardFactory, MessageFactory
from botbuilder.schema import Activity, CardAction, SuggestedActions

from bot.turn_context import merge_messages


def card(title: str) -> Activity:
    content = {"type": "AdaptiveCard", "version": "1.5", "body": [{"type": "TextBlock", "text": title}]}
    return MessageFactory.attachment(CardFactory.adaptive_card(content))


def shown(activities: list[Activity]) -> list[tuple[str | None, list[str]]]:
    return [(a.text, [c.content["body"][0]["text"] for c in a.attachments or []]) for a in activities]


def test_a_text_and_the_card_after_it_are_one_message() -> None:
    merged = merge_messages([MessageFactory.text("Vastgelegd."), card("Volgende vraag")])

    assert shown(merged) == [("Vastgelegd.", ["Volgende vraag"])]


def test_texts_are_joined_as_paragraphs_and_cards_stack() -> None:
    activities = [MessageFactory.text("Een."), MessageFactory.text("Twee."), card("A"), card("B")]

    assert shown(merge_messages(activities)) == [("Een.\n\nTwee.", ["A", "B"])]


def test_a_text_after_a_card_starts_a_new_message_so_the_order_stays() -> None:
    activities = [card("A"), MessageFactory.text("Daarna."), card("B")]

    assert shown(merge_messages(activities)) == [(None, ["A"]), ("Daarna.", ["B"])]


def test_a_message_with_more_than_text_and_cards_is_sent_as_it_is() -> None:
    with_buttons = MessageFactory.text("Kies")
    with_buttons.suggested_actions = SuggestedActions(
        actions=[CardAction(type="imBack", title="Ja", value="ja")]
    )
    activities = [MessageFactory.text("Eerst."), with_buttons, card("A")]

    merged = merge_messages(activities)

    assert shown(merged) == [("Eerst.", []), ("Kies", []), (None, ["A"])]
    assert merged[1].suggested_actions is with_buttons.suggested_actions


def test_merging_leaves_the_callers_activities_unchanged() -> None:
    text = MessageFactory.text("Vastgelegd.")

    merge_messages([text, card("A")])

    assert text.attachments in (None, [])
