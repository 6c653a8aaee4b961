"""Step 4 in a personal chat: no roster here, so the board member alerts people by e-mail."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from bot.onboarding.models import Audience, StepId, StepStatus
from bot.storage.outbox_sql import SqlOutboxStore
from dialogs.alert_cards import MAILTO_LIMIT, staff_text
from tests.flow import Flow


def button_data(card: dict[str, Any], value: str) -> dict[str, Any]:
    [action] = [a for a in card["actions"] if a.get("data", {}).get("value") == value]
    return dict(action["data"])


def field_values(card: dict[str, Any]) -> dict[str, Any]:
    return {e["id"]: e.get("value") for e in card["body"] if str(e.get("type", "")).startswith("Input.")}


def mailto_of(card: dict[str, Any]) -> str:
    [url] = [a["url"] for a in card["actions"] if a["type"] == "Action.OpenUrl"]
    assert isinstance(url, str)
    return url


async def open_step4(flow: Flow) -> None:
    await flow.user("stap 4")
    await flow.fill("41234")
    await flow.fill("Stichting De Linde")
    await flow.click("Verder")


async def test_a_personal_chat_offers_the_email_route_and_prepares_the_email(flow: Flow) -> None:
    await open_step4(flow)
    flow.bot_says("Wie van de schooladministratie moet het weten?", "Vul de naam en het e-mailadres in")
    picker = flow.last_card()
    assert "people" not in field_values(picker), "a personal chat has no roster to choose from"

    # A bad address: said clearly, and the card keeps what was filled in.
    bad = button_data(picker, "send") | {"name": "Piet Jansen", "email": "piet@@school"}
    await flow.invoke("answer", bad)
    flow.bot_says("Dat e-mailadres klopt niet")
    kept = field_values(flow.invoke_response.body["value"])  # type: ignore[union-attr]
    assert (kept["name"], kept["email"]) == ("Piet Jansen", "piet@@school")

    await flow.invoke("answer", bad | {"email": "Piet.Jansen@School.NL"})
    flow.bot_says("E-mail klaargezet", "Piet Jansen <Piet.Jansen@school.nl>", "Ingelicht: Piet Jansen")
    [email] = [c for c in flow.cards() if "E-mail klaargezet" in str(c)]
    url = mailto_of(email)
    assert len(url) <= MAILTO_LIMIT
    parts = urlsplit(url)
    assert (parts.scheme, parts.path) == ("mailto", "Piet.Jansen@school.nl")
    query = parse_qs(parts.query)
    board = await flow.components.service.board_for(flow.adapter_speaker())
    assert board is not None
    assert query["subject"] == ["Het ECK iD: wat verandert er in uw werk?"]
    assert query["body"] == [
        staff_text(flow.components.content, "nl", board, Audience.ADMINISTRATION, "Piet Jansen")
    ]
    assert "Beste Piet Jansen," in query["body"][0]
    flow.bot_says("Wie van ICT moet het weten?")


async def test_a_typed_name_and_address_alerts_too_and_completes_the_step(flow: Flow) -> None:
    await open_step4(flow)
    await flow.user("karin@school")  # no name, and no real domain
    flow.bot_says("Dat e-mailadres klopt niet")
    await flow.user("Karin de Boer karin@school.nl")
    flow.bot_says("Karin de Boer <karin@school.nl>", "Wie van ICT moet het weten?")
    await flow.user("Joost ict@school.nl")
    flow.bot_says("Joost <ict@school.nl>", "Stap 4, Administratie en ICT inlichten, is klaar.")

    board = await flow.components.service.board_for(flow.adapter_speaker())
    assert board is not None and board.step(StepId.ALERT).status == StepStatus.DONE
    assert {(a.audience, a.who) for a in board.alerts} == {
        (Audience.ADMINISTRATION, "1 persoon via de wegwijzer"),
        (Audience.ICT, "1 persoon via de wegwijzer"),
    }
    alerted = await SqlOutboxStore(flow.components.store.runner).alert_recipients(board.id)  # type: ignore[attr-defined]
    assert {(a.name, a.via, a.audience) for a in alerted} == {
        ("Karin de Boer", "email", "administration"),
        ("Joost", "email", "ict"),
    }

    await flow.user("status")
    flow.bot_says(
        "Karin de Boer (Schooladministratie): e-mail klaargezet op 23-11-2026 10:15",
        "Joost (ICT): e-mail klaargezet op 23-11-2026 10:15",
    )


async def test_pressing_alert_with_nobody_chosen_asks_again(flow: Flow) -> None:
    await open_step4(flow)
    send = button_data(flow.last_card(), "send")
    await flow.invoke("answer", send | {"name": "", "email": ""})
    flow.bot_says("Kies een of meer collega's, of vul een naam en e-mailadres in")
    await flow.invoke("answer", send | {"name": "Piet", "email": ""})
    flow.bot_says("Dat e-mailadres klopt niet")
    await flow.invoke("answer", send | {"name": " ", "email": "a@b.nl"})
    flow.bot_says("Vul ook de naam in")
    board = await flow.components.service.board_for(flow.adapter_speaker())
    assert board is not None and not board.alerts


async def test_told_without_the_bot_still_records_who_as_before(flow: Flow) -> None:
    await open_step4(flow)
    await flow.click("Ja, gedaan")
    await flow.fill("administratie alle scholen")
    await flow.click("Nee, nog niet")
    await flow.user("status")
    flow.bot_says("Schooladministratie ingelicht: administratie alle scholen", "ICT nog niet ingelicht")
