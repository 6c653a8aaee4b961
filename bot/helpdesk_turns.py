"""The helpdesk's part of a turn: who is a coordinator, where to reach them, and delivering
tickets and answers into other conversations than the current one.

Tickets belong to the program of the asker's tenant: only that program's coordinators get them,
list them and may answer them."""

from __future__ import annotations

from botbuilder.core import InvokeResponse, MessageFactory, TurnContext

from bot.content import Content
from bot.coordination.service import CoordinatorService
from bot.helpdesk.errors import UnknownTicket
from bot.helpdesk.models import Ticket
from bot.helpdesk.service import HelpdeskService
from bot.invoke_responses import card_response, message_response
from bot.proactive import reference_of, send_to
from bot.turns import coordinator_key, scope_of
from dialogs.activities import card_activity
from dialogs.helpdesk_actions import TICKET_LOCALE, HelpdeskOutcome, ticket_card
from dialogs.turn import TurnInfo

OPEN_TICKETS_SHOWN = 20
OPEN_TICKETS_READ = 2000  # open tickets of every program, read to find this program's oldest
TICKET_VERBS = frozenset({"ticket.answer", "ticket.draft"})  # buttons on a ticket, for coordinators


class HelpdeskTurns:
    def __init__(
        self, content: Content, helpdesk: HelpdeskService, coordination: CoordinatorService, app_id: str
    ) -> None:
        self._content = content
        self._helpdesk = helpdesk
        self._coordination = coordination
        self._app_id = app_id
        self._reachable: set[str] = set()

    async def remember_coordinator(self, turn_context: TurnContext, turn: TurnInfo) -> None:
        """A coordinator's personal chat is where new tickets reach them; stored once per process,
        under the identity that makes them a coordinator (configured, or added in chat)."""
        activity = turn_context.activity
        if turn.coordinator is None or scope_of(activity) != "personal":
            return
        key = coordinator_key(turn.coordinator)
        if key in self._reachable:
            return
        await self._helpdesk.remember_coordinator(key, reference_of(activity))
        self._reachable.add(key)

    async def send_open_tickets(self, turn_context: TurnContext, turn: TurnInfo) -> None:
        """For coordinators: the questions that wait for a person. Anyone else gets the help text."""
        t = self._content.translator(turn.locale)
        if not turn.is_coordinator:
            await turn_context.send_activity(MessageFactory.text(t("help.text")))
            return
        scope = await self._coordination.scope_of(turn.coordinator)
        if scope is None:
            await turn_context.send_activity(MessageFactory.text(t("help.text")))
            return
        every = await self._helpdesk.open_tickets(OPEN_TICKETS_READ)
        tickets = [ticket for ticket in every if self._in_tenants(ticket, scope.tenants)][:OPEN_TICKETS_SHOWN]
        if not tickets:
            await turn_context.send_activity(t("ticket.none_open"))
            return
        await turn_context.send_activity(t("ticket.open_count", count=len(tickets)))
        for ticket in tickets:
            await turn_context.send_activity(card_activity(ticket_card(self._content, TICKET_LOCALE, ticket)))

    @staticmethod
    def _in_tenants(ticket: Ticket, tenants: frozenset[str] | None) -> bool:
        return tenants is None or ticket.tenant_id.lower() in tenants

    async def outside_program(self, verb: str, turn: TurnInfo) -> bool:
        """True when a ticket button names a ticket of another program than the presser's (or the
        presser is no coordinator): the handler then refuses it as it refuses board members."""
        if verb not in TICKET_VERBS:
            return False
        scope = await self._coordination.scope_of(turn.coordinator)
        if scope is None:
            return True
        try:
            ticket = await self._helpdesk.ticket(turn.input.field("ticket") or "")
        except UnknownTicket:
            return False  # the action itself says the ticket is unknown
        return not self._in_tenants(ticket, scope.tenants)

    async def complete(
        self, turn_context: TurnContext, turn: TurnInfo, outcome: HelpdeskOutcome
    ) -> InvokeResponse:
        """Sends a helpdesk action's cards to the conversations they are for, then answers the click."""
        delivered = True
        for delivery in outcome.deliveries:
            if delivery.reference is not None:
                references = [delivery.reference]
            else:
                # A new ticket: to the coordinators of the asker's program only.
                program = self._coordination.program_of_tenant(turn.speaker.tenant_id)
                colleagues = await self._coordination.identities_of_program(program)
                keys = {coordinator_key(i) for i in colleagues}
                references = await self._helpdesk.coordinator_contacts(keys)
            for reference in references:
                sent = await send_to(turn_context, reference, [card_activity(delivery.card)], self._app_id)
                delivered = delivered and sent
        t = self._content.translator(turn.locale)
        if not delivered and outcome.reopen_if_undelivered:
            # The coordinator's card is still the open form with their answer in it: they can send again.
            await self._helpdesk.reopen(outcome.reopen_if_undelivered)
            return message_response(t("ticket.not_delivered"))
        if outcome.card is not None:
            return card_response(outcome.card)
        return message_response(outcome.message or t("helpdesk.error"))
