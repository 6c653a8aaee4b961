"""Transcripts: a supplier's agreement sent as a file in Teams, reviewed, shown, and kept with step 3."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from botbuilder.schema import ActivityTypes, Attachment

from bot.composition import Components, step_rules
from bot.dpa.download import allowed_url
from bot.onboarding.clock import FixedClock
from bot.onboarding.models import AgreementState, Board
from dialogs.dpa_review import FILE_DOWNLOAD_INFO, DpaDesk, dpa_desk
from tests.dpa.documents import (
    corrupt_pdf_bytes,
    docx_bytes,
    encrypted_pdf_bytes,
    pdf_bytes,
    scanned_pdf_bytes,
    txt_bytes,
)
from tests.flow import Flow

MODEL = (Path(__file__).parent / "eval" / "model.txt").read_text(encoding="utf-8")
ON_TIME = "zonder onredelijke vertraging informeren"
# The model with one deviation a board must notice: breaches reported within five working days.
LATE_BREACHES = MODEL.replace(ON_TIME, "binnen 5 werkdagen informeren", 1)
TOO_LARGE = 11 * 1024 * 1024


class FileServer:
    """Where Teams would keep the file (SharePoint), on loopback: serves bytes by name, streamed."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.requests: list[str] = []
        app = web.Application()
        app.router.add_get("/files/{name}", self._serve)
        app.router.add_get("/away", self._away)
        self._server = TestServer(app, host="127.0.0.1")

    async def _serve(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info["name"]
        self.requests.append(name)
        if name not in self.files:
            raise web.HTTPNotFound()
        response = web.StreamResponse()  # chunked, without Content-Length: the limit holds while reading
        await response.prepare(request)
        data = self.files[name]
        for start in range(0, len(data), 256 * 1024):
            await response.write(data[start : start + 256 * 1024])
        await response.write_eof()
        return response

    async def _away(self, request: web.Request) -> web.StreamResponse:
        raise web.HTTPFound("http://files.example.com/vo.pdf")  # a hop that is not https

    def url(self, name: str, data: bytes) -> str:
        self.files[name] = data
        return f"http://127.0.0.1:{self._server.port}/files/{name}"

    async def start(self) -> None:
        await self._server.start_server()

    async def close(self) -> None:
        await self._server.close()


@pytest.fixture
async def files() -> AsyncIterator[FileServer]:
    server = FileServer()
    await server.start()
    yield server
    await server.close()


@pytest.fixture
async def desk(components: Components, clock: FixedClock) -> AsyncIterator[DpaDesk]:
    bot: Any = components.bot
    if bot._dpa is None:  # until the composition root builds the desk itself
        content = components.content
        bot._dpa = dpa_desk(content, components.store, step_rules(content), clock)
    yield bot._dpa
    await bot._dpa.close()


@pytest.fixture
def make_dpa_flow(desk: DpaDesk, make_flow: Callable[..., Flow]) -> Callable[..., Flow]:
    return make_flow


async def send_file(flow: Flow, name: str, url: str, conversation: str = "personal") -> None:
    """The user attaches a file: in the personal chat Teams sends its download info."""
    attachment = Attachment(
        content_type=FILE_DOWNLOAD_INFO,
        name=name,
        content_url=f"https://contoso.sharepoint.com/personal/anne/Documents/{name}",
        content={"downloadUrl": url, "uniqueId": "1150D938-8870-4044", "fileType": name.rsplit(".", 1)[-1]},
    )
    flow.history.append(f"user sends file: {name}")
    await flow._turn(flow.adapter.activity(type=ActivityTypes.message, text="", attachments=[attachment]))


async def start_board(flow: Flow) -> None:
    await flow.user("stap 1")
    await flow.user("41234")
    await flow.user("Stichting De Linde")


async def open_agreement(flow: Flow, supplier: str = "Leermiddelen BV") -> None:
    """Step 3: add a supplier, up to the question about its agreement, which offers "Laat nakijken"."""
    await flow.user("stap 3")
    await flow.click("Verder")
    await flow.click("Andere leverancier toevoegen")
    await flow.fill(supplier)
    await flow.click("Weet ik niet")
    await flow.click("Verder")


async def board_of(flow: Flow) -> Board:
    board = await flow.components.service.board_for(flow.adapter_speaker())
    assert board is not None
    return board


def show_card_text(card: dict[str, Any], title: str) -> str:
    """Everything written on the card behind the button TITLE (an Action.ShowCard)."""
    action = next(a for a in card["actions"] if a["title"] == title)
    return json.dumps(action["card"], ensure_ascii=False)


def review_cards(flow: Flow) -> list[dict[str, Any]]:
    return [c for c in flow.cards() if any(a.get("type") == "Action.ShowCard" for a in c.get("actions", []))]


async def test_laat_nakijken_then_a_file_shows_the_review_and_marks_the_agreement_reviewed(
    make_dpa_flow: Callable[..., Flow], files: FileServer
) -> None:
    flow = make_dpa_flow()
    await start_board(flow)
    await open_agreement(flow)
    flow.bot_says("Laat nakijken")
    await flow.click("Laat nakijken")
    flow.bot_says("Stuur de verwerkersovereenkomst van Leermiddelen BV hier als bijlage")

    await send_file(flow, "verwerkersovereenkomst.pdf", files.url("vo.pdf", pdf_bytes(LATE_BREACHES)))
    [card] = review_cards(flow)
    flow.bot_says(
        "Verwerkersovereenkomst Leermiddelen BV vergeleken met het model",
        "geen juridisch advies",
        "Meldplicht datalekken: wijkt af · risico hoog",
        "binnen 5 werkdagen",
        "bewaard bij de overeenkomst met Leermiddelen BV: Beoordeeld",
    )
    titles = [t["text"] for t in _blocks(card) if t.get("weight") == "Bolder" and "·" in t["text"]]
    assert titles[0].startswith("Meldplicht datalekken"), "the deviation comes first"

    board = await board_of(flow)
    [agreement] = [a for a in board.agreements if a.supplier_name == "Leermiddelen BV"]
    assert agreement.state == AgreementState.REVIEWED
    assert agreement.review is not None
    assert agreement.review.reviewed.by == "Anne de Vries"
    breach = next(f for f in agreement.review.findings if f.id == "breach_notification")
    assert breach.status == "deviates" and "5 werkdagen" in breach.quote
    assert len(agreement.review.findings) == 17

    await flow.user("status")
    flow.bot_says("Leermiddelen BV: nagekeken op 23-11-2026:")
    await flow.user("geschiedenis")
    flow.bot_says("Overeenkomst met Leermiddelen BV nagekeken:")


async def test_the_prepared_email_lists_the_points_to_resolve(
    make_dpa_flow: Callable[..., Flow], files: FileServer
) -> None:
    flow = make_dpa_flow()
    await start_board(flow)
    await open_agreement(flow)
    await flow.click("Laat nakijken")
    await send_file(flow, "vo.docx", files.url("vo.docx", docx_bytes(LATE_BREACHES)))
    [card] = review_cards(flow)
    mail = show_card_text(card, "Mail voor de leverancier")
    assert "Meldplicht datalekken (wijkt af" in mail
    assert "Het model vraagt:" in mail and "Stichting De Linde" in mail
    assert "mailto:?subject=Verwerkersovereenkomst%20Leermiddelen%20BV" in mail
    board = await board_of(flow)
    [agreement] = [a for a in board.agreements if a.supplier_name == "Leermiddelen BV"]
    assert agreement.review is not None
    for finding in agreement.review.to_resolve:
        assert finding.reason == "" or finding.reason in mail


async def test_a_file_sent_without_an_agreement_asks_which_one_it_is(
    make_dpa_flow: Callable[..., Flow], files: FileServer
) -> None:
    flow = make_dpa_flow()
    await start_board(flow)
    await send_file(flow, "vo.txt", files.url("vo.txt", txt_bytes(LATE_BREACHES)))
    flow.bot_says("vergeleken met het model", "Bij welke overeenkomst hoort deze tekst?")
    assert all(a.review is None for a in (await board_of(flow)).agreements), "nothing kept before the choice"

    pick = flow.last_card()
    await flow.click("Nummervoorziening (Kennisnet)", pick)
    flow.bot_says("Bevindingen bewaard", "overeenkomst met Nummervoorziening (Kennisnet): Beoordeeld")
    board = await board_of(flow)
    agreement = board.agreement("nummervoorziening")
    assert agreement is not None and agreement.review is not None
    assert agreement.state == AgreementState.REVIEWED

    await flow.click("Nummervoorziening (Kennisnet)", pick)  # the same card again: nothing twice
    flow.bot_says("niet meer bij de hand")


async def test_findings_not_kept_when_the_board_says_so(
    make_dpa_flow: Callable[..., Flow], files: FileServer
) -> None:
    flow = make_dpa_flow()
    await start_board(flow)
    await send_file(flow, "vo.md", files.url("vo.md", txt_bytes(MODEL)))
    await flow.click("Niet bewaren")
    flow.bot_says("niet bewaard")
    assert all(a.review is None for a in (await board_of(flow)).agreements)


async def test_a_signed_agreement_stays_signed_when_reviewed(
    make_dpa_flow: Callable[..., Flow], files: FileServer
) -> None:
    flow = make_dpa_flow()
    await start_board(flow)
    await open_agreement(flow)
    await flow.click("Getekend")
    await flow.click("De bestuurder")
    await flow.click("Leermiddelen BV · Getekend")
    await flow.click("Laat nakijken")
    await send_file(flow, "vo.pdf", files.url("vo.pdf", pdf_bytes(MODEL)))
    [agreement] = [a for a in (await board_of(flow)).agreements if a.supplier_name == "Leermiddelen BV"]
    assert agreement.state == AgreementState.SIGNED and agreement.review is not None


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("beveiligd.pdf", encrypted_pdf_bytes(MODEL), "beveiligd met een wachtwoord"),
        ("groot.pdf", b"%PDF-1.7\n" + b"0" * TOO_LARGE, "groter dan 10 MB"),
        ("kapot.pdf", corrupt_pdf_bytes(), "beschadigd"),
        ("scan.pdf", scanned_pdf_bytes(), "geen tekst"),
        ("vo.pdf", docx_bytes(MODEL), "past niet bij de naam"),
    ],
)
async def test_an_unreadable_file_gets_a_clear_message_and_nothing_is_stored(
    make_dpa_flow: Callable[..., Flow], files: FileServer, name: str, data: bytes, says: str
) -> None:
    flow = make_dpa_flow()
    await start_board(flow)
    await open_agreement(flow)
    await flow.click("Laat nakijken")
    events_before = await flow.components.service.history(flow.adapter_speaker(), (await board_of(flow)).id)
    await send_file(flow, name, files.url(name, data))
    flow.bot_says(says, "Er is niets bewaard.")
    assert not review_cards(flow)
    board = await board_of(flow)
    assert all(a.review is None for a in board.agreements)
    assert await flow.components.service.history(flow.adapter_speaker(), board.id) == events_before


async def test_a_file_of_another_kind_is_not_even_fetched(
    make_dpa_flow: Callable[..., Flow], files: FileServer
) -> None:
    flow = make_dpa_flow()
    await start_board(flow)
    await send_file(flow, "contract.xlsx", files.url("contract.xlsx", b"PK\x03\x04"))
    flow.bot_says("Dit soort bestand kan ik niet lezen")
    assert files.requests == []


async def test_a_file_not_offered_over_https_is_refused(make_dpa_flow: Callable[..., Flow]) -> None:
    flow = make_dpa_flow()
    await start_board(flow)
    await send_file(flow, "vo.pdf", "http://example.com/vo.pdf")
    flow.bot_says("niet over een beveiligde verbinding", "Er is niets bewaard.")


async def test_a_redirect_away_from_https_is_not_followed(
    make_dpa_flow: Callable[..., Flow], files: FileServer
) -> None:
    flow = make_dpa_flow()
    await start_board(flow)
    await send_file(flow, "vo.pdf", files.url("vo.pdf", b"").replace("/files/vo.pdf", "/away"))
    flow.bot_says("niet over een beveiligde verbinding")


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://contoso.sharepoint.com/personal/anne/download.aspx?UniqueId=1", True),
        ("http://127.0.0.1:8080/files/vo.pdf", True),
        ("http://localhost:8080/files/vo.pdf", False),
        ("http://contoso.sharepoint.com/vo.pdf", False),
        ("http://10.0.0.1/vo.pdf", False),
        ("file:///etc/passwd", False),
        ("ftp://example.com/vo.pdf", False),
        ("https:///vo.pdf", False),
    ],
)
def test_only_https_is_fetched_and_plain_http_only_on_loopback(url: str, allowed: bool) -> None:
    assert allowed_url(url) is allowed


async def test_a_file_shared_in_a_channel_gets_the_way_to_the_personal_chat(
    make_dpa_flow: Callable[..., Flow],
) -> None:
    flow = make_dpa_flow(
        conversation_id="19:channel@thread.tacv2", conversation_type="channel", team_id="team-1"
    )
    html = (
        '<p><at>ECK iD wegwijzer</at> kijk je hiernaar?</p><p><a href="https://contoso.sharepoint.com/'
        'sites/team/Gedeelde%20documenten/verwerkersovereenkomst.pdf">verwerkersovereenkomst.pdf</a></p>'
    )
    activity = flow.adapter.activity(
        type=ActivityTypes.message,
        text="kijk je hiernaar?",
        attachments=[Attachment(content_type="text/html", content=html)],
    )
    await flow._turn(activity)
    flow.bot_says("kan in uw persoonlijke chat met de wegwijzer")


async def test_an_ordinary_channel_message_with_html_is_not_taken_for_a_file(
    make_dpa_flow: Callable[..., Flow],
) -> None:
    flow = make_dpa_flow(
        conversation_id="19:channel@thread.tacv2", conversation_type="channel", team_id="team-1"
    )
    activity = flow.adapter.activity(
        type=ActivityTypes.message,
        text="menu",
        attachments=[Attachment(content_type="text/html", content="<p><at>ECK iD wegwijzer</at> menu</p>")],
    )
    await flow._turn(activity)
    flow.bot_does_not_say("persoonlijke chat met de wegwijzer: stuur het bestand")
    flow.bot_says("De vijf stappen")


async def test_the_review_speaks_english_to_an_english_client(
    make_dpa_flow: Callable[..., Flow], files: FileServer
) -> None:
    flow = make_dpa_flow(locale="en")
    await flow.user("step 1")
    await flow.user("41234")
    await flow.user("De Linde Foundation")
    await send_file(flow, "dpa.pdf", files.url("dpa.pdf", pdf_bytes(LATE_BREACHES)))
    flow.bot_says(
        "compared with the model",
        "not legal advice",
        "Data breach notification: deviates · high risk",
        "Which agreement is this text for?",
    )
    [card] = review_cards(flow)
    assert "points to discuss" in show_card_text(card, "E-mail for the supplier")


def _blocks(card: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []

    def walk(element: Any) -> None:
        if isinstance(element, dict):
            if element.get("type") == "TextBlock":
                found.append(element)
            for value in element.get("items", []) + element.get("body", []):
                walk(value)
        elif isinstance(element, list):
            for value in element:
                walk(value)

    walk(card.get("body", []))
    return found
