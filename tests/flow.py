"""Transcript tests read like a conversation: await flow.user("status"); flow.bot_says("Stap 1")."""

from __future__ import annotations

from typing import Any

from botbuilder.core import InvokeResponse
from botbuilder.schema import Activity, ActivityTypes

from bot.card_text import CardChoice, card_to_text
from bot.composition import Components
from bot.console import CARD_TYPE, ConsoleAdapter, invoke_card, invoke_message, render_reply


class Flow:
    def __init__(
        self,
        components: Components,
        *,
        locale: str = "nl",
        name: str = "Anne de Vries",
        user_id: str = "user-anne",
        tenant_id: str = "tenant-a",
        conversation_id: str = "personal-anne",
        conversation_type: str = "personal",
        team_id: str | None = None,
    ) -> None:
        self.components = components
        self.adapter = ConsoleAdapter(
            name,
            locale,
            user_id=user_id,
            tenant_id=tenant_id,
            conversation_id=conversation_id,
            conversation_type=conversation_type,
            team_id=team_id,
        )
        self.replies: list[Activity] = []
        self.history: list[str] = []
        self.invoke_response: InvokeResponse | None = None

    # what the user does

    async def _turn(self, activity: Activity) -> None:
        self.adapter.outbox = []
        self.invoke_response = await self.adapter.turn(activity, self.components.bot.on_turn)
        self.replies = [a for a in self.adapter.outbox if a.type == ActivityTypes.message]
        for reply in self.replies:
            self.history += [f"bot: {line}" for line in render_reply(reply)[0]]

    async def install(self) -> None:
        await self._turn(self.adapter.activity(type=ActivityTypes.installation_update, action="add"))

    async def user(self, text: str) -> None:
        self.history.append(f"user: {text}")
        await self._turn(self.adapter.activity(type=ActivityTypes.message, text=text))

    async def invoke(self, verb: str, data: dict[str, Any]) -> None:
        value = {"action": {"type": "Action.Execute", "verb": verb, "data": data}, "trigger": "manual"}
        activity = self.adapter.activity(type=ActivityTypes.invoke, name="adaptiveCard/action", value=value)
        await self._turn(activity)
        card = invoke_card(self.invoke_response)
        if card is not None:
            self.history += [f"card: {line}" for line in card_to_text(card).lines]

    async def click(self, title: str, card: dict[str, Any] | None = None) -> None:
        """Clicks the button (or list choice) with this title on the newest card that has it."""
        choice = self._find_choice(title, card)
        self.history.append(f"user clicks: {title}")
        await self.invoke(choice.verb or "", choice.data)

    async def fill(self, text: str) -> None:
        """Types into the newest card's input field and presses its Save button."""
        card = self.last_card()
        save = next(a for a in card.get("actions", []) if a.get("type") == "Action.Execute")
        self.history.append(f"user fills in: {text}")
        await self.invoke(save["verb"], dict(save.get("data", {})) | {"text": text})

    def _find_choice(self, title: str, card: dict[str, Any] | None) -> CardChoice:
        cards = [card] if card is not None else list(reversed(self.cards()))
        for candidate in cards:
            for choice in card_to_text(candidate).choices:
                if choice.title == title and not choice.url:
                    return choice
        raise AssertionError(f"no button {title!r} on the cards shown:\n{self.transcript()}")

    # what the bot did

    def cards(self) -> list[dict[str, Any]]:
        return [
            a.content
            for reply in self.replies
            for a in reply.attachments or []
            if a.content_type == CARD_TYPE and isinstance(a.content, dict)
        ]

    def last_card(self) -> dict[str, Any]:
        cards = self.cards()
        assert cards, f"the bot showed no card:\n{self.transcript()}"
        return cards[-1]

    def lines(self) -> list[str]:
        """What the user sees this turn: texts, card texts and the titles of buttons and links."""
        shown = []
        for reply in self.replies:
            texts, choices, _ = render_reply(reply)
            shown += texts + [f"[{c.title}] {c.url or ''}".strip() for c in choices]
        card = invoke_card(self.invoke_response)
        if card is not None:
            shown += card_to_text(card).lines
        message = invoke_message(self.invoke_response)
        if message is not None and card is None:
            shown.append(message)
        return shown

    def _find_choice_list(self) -> list[CardChoice]:
        return [c for card in self.cards() for c in card_to_text(card).choices]

    def adapter_speaker(self) -> Any:
        from bot.turns import speaker_of

        return speaker_of(self.adapter.activity(type=ActivityTypes.message, text=""))

    def buttons(self) -> list[str]:
        return [c.title for c in card_to_text(self.last_card()).choices if not c.url]

    def bot_says(self, *fragments: str) -> None:
        """Every fragment appears in what the bot showed this turn."""
        text = "\n".join(self.lines())
        for fragment in fragments:
            assert fragment in text, f"expected {fragment!r} in this turn's replies:\n{self.transcript()}"

    def bot_does_not_say(self, *fragments: str) -> None:
        text = "\n".join(self.lines())
        for fragment in fragments:
            assert fragment not in text, f"did not expect {fragment!r}:\n{self.transcript()}"

    def transcript(self) -> str:
        return "\n".join(self.history[-60:])
