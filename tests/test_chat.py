"""`eckbot chat`: the whole journey in a terminal, with numbered choices and typed answers."""

from __future__ import annotations

from bot.chat import ConsoleChat
from bot.composition import Components
from bot.console import ConsoleAdapter


class Screen:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.mark = 0

    def write(self, text: str) -> None:
        self.lines += text.splitlines()

    def since_last(self) -> str:
        shown = "\n".join(self.lines[self.mark :])
        self.mark = len(self.lines)
        return shown

    def number_of(self, title: str) -> str:
        """The number the terminal shows in front of a choice, as a person would read it."""
        for line in reversed(self.lines):
            stripped = line.strip()
            if stripped.startswith("[") and stripped.split("] ", 1)[1].split("  (")[0] == title:
                return stripped[1 : stripped.index("]")]
        raise AssertionError(f"no choice {title!r} on screen:\n" + "\n".join(self.lines[-30:]))


async def test_the_terminal_chat_walks_the_whole_journey(components: Components) -> None:
    screen = Screen()
    chat = ConsoleChat(components, ConsoleAdapter("Anne", "nl"), screen.write)
    await chat.start()
    assert "Welkom bij de ECK iD-wegwijzer" in screen.since_last()

    async def pick(title: str) -> None:
        await chat.say(screen.number_of(title))

    await pick("Stap 1 van 5 · Aanmelden bij Nummervoorziening")
    assert "Wat is het bevoegd-gezagnummer" in screen.since_last()
    step1 = ["41234", "Stichting De Linde", "verder", "ja", "vandaag", "toevoegen", "01AB"]
    for typed in [*step1, "De Regenboog", "directeur"]:
        await chat.say(typed)
    await pick("Klaar")
    assert "Stap 1, Aanmelden bij Nummervoorziening, is klaar." in screen.since_last()

    await pick("Stap 2 van 5 · LAS-leverancier inlichten")
    await pick("01AB De Regenboog · nog geen LAS gekozen")
    await pick("Unilogic")
    shown = screen.since_last()
    assert "helpdesk@unilogic.nl" in shown and "mailto:helpdesk@unilogic.nl?subject=" in shown
    await pick("Verder")
    await pick("Ja, gedaan")
    await pick("Klaar")
    assert "is klaar" in screen.since_last()

    await chat.say("stap 3")
    await pick("Verder")
    for agreement in ("Nummervoorziening (Kennisnet)", "Unilogic"):
        await pick(f"{agreement} · Nog niet aangeboden")
        await pick("Getekend retour")
        await pick("De bestuurder")
    await pick("Klaar")
    assert "Stap 3, Privacy: verwerkersovereenkomsten, is klaar." in screen.since_last()

    for typed in ["stap 4", "verder", "ja", "administratie", "ja", "ICT-coördinator"]:
        await chat.say(typed)
    assert "Stap 4, Administratie en ICT inlichten, is klaar." in screen.since_last()
    for typed in ["stap 5", "verder", "ja"]:
        await chat.say(typed)
    assert "Alle vijf stappen zijn klaar." in screen.since_last()

    await chat.say("status")
    assert "✅ Stap 5 van 5 · Meer informatie" in screen.since_last()
