"""The terminal conversation loop of `eckbot chat`."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable

from botbuilder.schema import ActivityTypes

from bot.card_text import CardChoice, card_to_text
from bot.composition import Components
from bot.console import ConsoleAdapter, invoke_card, invoke_message, render_reply

QUIT_WORDS = {"/quit", "/exit", "/stop"}


class ConsoleChat:
    def __init__(self, components: Components, adapter: ConsoleAdapter, write: Callable[[str], None]) -> None:
        self._components = components
        self._adapter = adapter
        self._write = write
        self._choices: list[CardChoice] = []

    def _show(self) -> None:
        outbox, self._adapter.outbox = self._adapter.outbox, []
        for activity in outbox:
            if activity.type != ActivityTypes.message:
                continue
            lines, choices, _ = render_reply(activity)
            self._write(
                "\n".join(f"bot> {line}" if i == 0 else f"     {line}" for i, line in enumerate(lines))
            )
            if choices:
                self._choices = choices
                for number, choice in enumerate(choices, start=1):
                    suffix = f"  ({choice.url})" if choice.url else ""
                    self._write(f"     [{number}] {choice.title}{suffix}")

    async def start(self) -> None:
        await self._adapter.turn(
            self._adapter.activity(type=ActivityTypes.installation_update, action="add"),
            self._components.bot.on_turn,
        )
        self._show()

    async def say(self, typed: str) -> None:
        """A typed number picks a numbered choice of the latest card; anything else is a message."""
        choice = self._pick(typed)
        if choice is not None and choice.url:
            self._write(f"     {choice.url}")
            return
        if choice is not None:
            value = {"action": {"type": "Action.Execute", "verb": choice.verb, "data": choice.data}}
            activity = self._adapter.activity(
                type=ActivityTypes.invoke, name="adaptiveCard/action", value=value
            )
            response = await self._adapter.turn(activity, self._components.bot.on_turn)
            card = invoke_card(response)
            if card is not None:
                lines = card_to_text(card).lines
                self._write("\n".join(f"     {line}" for line in lines))
            elif (message := invoke_message(response)) is not None:
                self._write(f"     ({message})")
        else:
            activity = self._adapter.activity(type=ActivityTypes.message, text=typed)
            await self._adapter.turn(activity, self._components.bot.on_turn)
        self._show()

    def _pick(self, typed: str) -> CardChoice | None:
        text = typed.strip()
        if text.isdigit() and 1 <= int(text) <= len(self._choices):
            return self._choices[int(text) - 1]
        return None


async def run_chat(components: Components, name: str, locale: str) -> None:
    chat = ConsoleChat(components, ConsoleAdapter(name, locale), print)
    print(components.content.text(locale, "chat.intro"))
    await chat.start()
    loop = asyncio.get_running_loop()
    while True:
        typed = await loop.run_in_executor(None, _read_line)
        if typed is None or typed.strip() in QUIT_WORDS:
            print(components.content.text(locale, "chat.goodbye"))
            return
        if typed.strip():
            await chat.say(typed)


def _read_line() -> str | None:
    try:
        return input("u> ")
    except EOFError:
        return None
    finally:
        sys.stdout.flush()
