"""Two boards in two tenants, people made through the real domain, and the bot with its privacy desk."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from bot.composition import Components
from bot.helpdesk.models import Ticket
from bot.onboarding.models import Board, StepId
from bot.onboarding.recorders import Answer
from bot.onboarding.service import Speaker
from bot.privacy.service import PersonalDataService
from tests.flow import Flow

ANNE = {"name": "Anne de Vries", "user_id": "user-anne", "conversation_id": "personal-anne"}
BERT = {"name": "Bert Jansen", "user_id": "user-bert", "conversation_id": "personal-bert"}
CLARA = {  # another organisation
    "name": "Clara Smit",
    "user_id": "user-clara",
    "conversation_id": "personal-clara",
    "tenant_id": "tenant-b",
}
REFERENCE = {"serviceUrl": "https://smba.example/", "conversation": {"id": "a:x"}, "user": {"id": "29:x"}}


@pytest.fixture
def privacy(components: Components) -> PersonalDataService:
    return components.privacy


@dataclass
class People:
    anne: Flow
    bert: Flow
    clara: Flow
    board: Board  # Anne's and Bert's, created by Anne
    other: Board  # Clara's, in another tenant

    def speaker(self, flow: Flow) -> Speaker:
        speaker: Speaker = flow.adapter_speaker()
        return speaker


async def record(
    components: Components, speaker: Speaker, board: Board, recorder: str, answer: Answer
) -> Board:
    step = StepId.AGREEMENTS if "agreement" in recorder else StepId.NUMMERVOORZIENING
    return (await components.service.record(speaker, board.id, step, recorder, answer)).board


@pytest.fixture
async def people(components: Components, make_flow: Callable[..., Flow]) -> People:
    """Anne creates board 41234 and names it, Bert joins and answers too; Clara has 51234 elsewhere."""
    service = components.service
    anne, bert, clara = make_flow(**ANNE), make_flow(**BERT), make_flow(**CLARA)
    a, b, c = anne.adapter_speaker(), bert.adapter_speaker(), clara.adapter_speaker()
    board = await service.identify_board(a, "41234")
    await record(components, a, board, "set_board_name", Answer("Stichting De Linde"))
    await service.identify_board(b, "41234")
    await record(components, b, board, "set_registration", Answer("yes"))
    board = await record(components, a, board, "add_school", Answer("01AB"))
    other = await service.identify_board(c, "51234")
    other = await record(components, c, other, "set_board_name", Answer("Stichting Elders"))
    return People(anne, bert, clara, board, other)


async def ask_a_person(components: Components, flow: Flow, board: Board | None, question: str) -> Ticket:
    speaker = flow.adapter_speaker()
    return await components.helpdesk.open_ticket(speaker, board, question, "nl", REFERENCE)
