"""Every card the bot can send, parsed as Teams parses it: by Microsoft's Adaptive Cards library.

Cards are rendered with realistic data, with hostile data (quotes, backslashes, newlines,
</script>, template syntax, emoji, right-to-left text, very long text, an encoded mailto: link),
and as a whole journey shows them in Dutch and English. All of them go to tests/cards/validate.js
in one node process; any warning it gives fails the test, naming the card.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from botbuilder.schema import Activity

from bot.cards import render_card, render_text_template
from bot.composition import Components
from bot.console import invoke_card
from bot.content import Content
from bot.helpdesk.models import Ticket
from bot.knowledge.matcher import Band, Hit, Match
from bot.onboarding.models import Board, Event, School, Stamp, StepId
from bot.onboarding.recorders import ensure_agreements
from dialogs.faq import answer_card, suggestions_card, unknown_card
from dialogs.helpdesk_actions import ticket_card
from dialogs.history import history_card
from dialogs.overview import menu_card, next_step_view, steps_overview
from dialogs.views import board_view, mailto_link, school_view, step_heading, supplier_view
from tests.cards.alert_cards import CARDS as ALERT_CARDS
from tests.cards.alert_cards import all_alert_cards
from tests.cards.coordination_cards import CARDS as COORDINATION_CARDS
from tests.cards.coordination_cards import NASTY_NAME, coordination_cards, hostile_raw_cards
from tests.cards.dpa_cards import CARDS as DPA_CARDS
from tests.cards.dpa_cards import all_dpa_cards
from tests.cards.privacy_cards import CARDS as PRIVACY_CARDS
from tests.cards.privacy_cards import all_privacy_cards
from tests.cards.reminder_cards import CARDS as REMINDER_CARDS
from tests.cards.reminder_cards import all_reminder_cards
from tests.flow import Flow

CARDS_DIR = Path(__file__).resolve().parent
VALIDATOR = CARDS_DIR / "validate.js"
LIBRARY = CARDS_DIR / "node_modules" / "adaptivecards" / "package.json"
LOCALES = ("nl", "en")
PARTS = ("supplier_contact", "agreement_explainer", "alert_message", "more_info_links")
STAMP = Stamp(at=datetime(2026, 11, 23, 9, 15, tzinfo=UTC), by="Anne de Vries")

HOSTILE = (
    'Zeg "hallo" \\ C:\\map\\bestand\nregel twee\t</script><script>alert(1)</script> '
    "{{ 7*7 }} {% if true %}waar{% endif %} R&D #1? 100% a+b=c 🎒👩🏽‍🏫 مدرسة النور בית הספר"
)
LONG = ("Openbare basisschool De Regenboog – ‘t Kompas, Zuid-Holland. " * 40)[:2000]
INJECTED = "49"  # what {{ 7*7 }} would become if a value were rendered as a template


@dataclass(frozen=True)
class Shown:
    label: str  # which card, for failure messages
    card: Any  # a whole card (dict); parts are wrapped into one before validation
    expects: tuple[str, ...] = ()  # hostile values that must come back unchanged


def wrap(parts: list[Any]) -> dict[str, Any]:
    return {"type": "AdaptiveCard", "version": "1.5", "body": parts}


def strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def elements(card: Any, kind: str) -> list[dict[str, Any]]:
    """Every element or action of this type anywhere in the card."""
    found = []
    if isinstance(card, dict):
        if card.get("type") == kind:
            found.append(card)
        for value in card.values():
            found += elements(value, kind)
    elif isinstance(card, list):
        for value in card:
            found += elements(value, kind)
    return found


# realistic data, built with the same views the dialogs use


def sample_board() -> Board:
    board = Board(
        id="board-a", tenant_id="tenant-a", bg_number="41234", name="Stichting De Linde", created=STAMP
    )
    board.schools = [
        School(brin="01AB", name="De Regenboog", contact_role="directeur", las="esis", added=STAMP),
        School(brin="02CD", name="Het Kompas", contact_role="administratie", las="parnassys", added=STAMP),
        School(brin="03EF", name="De Vlinder", las="other", waiting_on="edu-k", added=STAMP),
    ]
    return board


def sample_mailto(content: Content, locale: str, board: Board, school: School) -> str:
    supplier = content.suppliers.by_id("esis")
    assert supplier is not None
    mailto = mailto_link(content, locale, board, school, supplier)
    assert mailto is not None
    return mailto


def sample_parts(content: Content, locale: str) -> dict[str, list[Any]]:
    """Each card part as a question shows it, with the suppliers of the real directory."""
    board = sample_board()
    esis_school, parnassys_school, other_school = board.schools
    esis = content.suppliers.by_id("esis")
    parnassys = content.suppliers.by_id("parnassys")
    views = [supplier_view(content, locale, s) for s in (esis, parnassys)]
    alert = render_text_template(
        content, "alert_message", locale, board=board_view(board), suppliers=[v["name"] for v in views if v]
    )
    return {
        "supplier_contact": render_card(
            content,
            "supplier_contact",
            locale,
            supplier=supplier_view(content, locale, esis),
            school=school_view(esis_school),
            mailto=sample_mailto(content, locale, board, esis_school),
        ),
        "supplier_contact (no e-mail)": render_card(
            content,
            "supplier_contact",
            locale,
            supplier=supplier_view(content, locale, parnassys),
            school=school_view(parnassys_school),
            mailto=None,
        ),
        "supplier_contact (fallback, no website)": render_card(
            content,
            "supplier_contact",
            locale,
            supplier=supplier_view(content, locale, content.suppliers.fallback),
            school=school_view(other_school),
            mailto=sample_mailto(content, locale, board, other_school),
        ),
        "agreement_explainer": render_card(content, "agreement_explainer", locale),
        "alert_message": render_card(content, "alert_message", locale, message=alert),
        "more_info_links": render_card(content, "more_info_links", locale, suppliers=views),
        "more_info_links (no suppliers)": render_card(content, "more_info_links", locale, suppliers=[]),
    }


def question(content: Content, locale: str, **variables: Any) -> Any:
    data: dict[str, Any] = {
        "heading": step_heading(content, locale, StepId.NUMMERVOORZIENING),
        "prompt": content.text(locale, "step1.school_menu.prompt"),
        "detail": None,
        "parts": [],
        "links": [],
        "options": [],
        "choice_style": "buttons",
        "input": None,
        "prompt_id": "3f2a9c1d0b7e4a55",
    }
    return render_card(content, "question", locale, **(data | variables))


def sample_questions(content: Content, locale: str) -> dict[str, Any]:
    t = content.translator(locale)
    yes_no = [
        {"title": t("answer.yes_done"), "value": "yes"},
        {"title": t("answer.no_not_yet"), "value": "no"},
    ]
    states = [
        {"title": t(f"agreement_state.{s}"), "value": s}
        for s in ("not_offered", "offered", "reviewed", "signed", "returned")
    ]
    links = [{"title": t(link.label), "url": str(link.url)} for link in content.links.links]
    text_input = {
        "kind": "text",
        "label": t("card.input_label"),
        "placeholder": t("card.input_placeholder"),
        "error": t("card.input_error"),
    }
    date_input = {"kind": "date", "label": t("card.date_label"), "error": t("card.date_error")}
    parts = sample_parts(content, locale)
    return {
        "question (buttons)": question(content, locale, options=yes_no, detail=t("step1.intro.detail")),
        "question (list)": question(content, locale, options=states, choice_style="list"),
        "question (text input)": question(
            content, locale, input=text_input, detail=t("step1.school_brin.detail")
        ),
        "question (date input)": question(content, locale, input=date_input),
        "question (links and parts)": question(
            content,
            locale,
            links=links,
            parts=parts["supplier_contact"] + parts["agreement_explainer"],
            options=[{"title": t("answer.continue"), "value": "continue"}],
        ),
        "question (nothing but the prompt)": question(content, locale),
    }


def sample_events(board: Board) -> list[Event]:
    """One event of every kind the bot writes, as the history card shows them."""
    at = datetime(2026, 11, 23, 9, 15, tzinfo=UTC)
    kinds: list[tuple[str, dict[str, object]]] = [
        ("board.created", {"bg_number": "41234"}),
        ("board.named", {}),
        ("step1.registration", {"registered": True}),
        ("step1.registration_date", {"on": "2026-11-20"}),
        ("school.added", {"brin": "01AB"}),
        ("school.named", {"brin": "01AB"}),
        ("school.contact_role", {"brin": "01AB"}),
        ("step2.las", {"brin": "01AB", "las": "esis"}),
        ("step2.las", {"brin": "01AB", "las": "other"}),
        ("step2.supplier_told", {"brin": "01AB", "told": True}),
        ("step3.supplier_added", {"agreement": "nummervoorziening"}),
        ("step3.covenant", {"agreement": "nummervoorziening", "status": "participant"}),
        ("step3.state", {"agreement": "nummervoorziening", "state": "returned"}),
        ("step3.signer", {"agreement": "nummervoorziening", "signer": "mandated"}),
        ("step3.mandate", {"agreement": "nummervoorziening"}),
        ("step4.alerted", {"audience": "ict"}),
        ("step5.info_read", {"read": True}),
        ("step.status", {"step": "las", "from": "open", "to": "done"}),
    ]
    return [
        Event(board_id=board.id, at=at, actor_key="k", actor_name="Anne de Vries", kind=kind, data=data)
        for kind, data in kinds
    ]


def sample_cards(content: Content, locale: str) -> list[Shown]:
    board = sample_board()
    ensure_agreements(board, content.supplier_names())
    t = content.translator(locale)
    shown = [Shown(f"{locale} {name}", card) for name, card in sample_questions(content, locale).items()]
    shown += [Shown(f"{locale} {name}", wrap(parts)) for name, parts in sample_parts(content, locale).items()]
    shown += [
        Shown(
            f"{locale} answered",
            render_card(
                content,
                "answered",
                locale,
                heading=step_heading(content, locale, StepId.LAS),
                prompt=content.text(locale, "step2.school_las.prompt", school=school_view(board.schools[0])),
                answer="ESIS",
                who="Anne de Vries",
                when="23-11-2026 10:15",
            ),
        ),
        Shown(
            f"{locale} notice",
            render_card(content, "notice", locale, title=t("dialog.stale_card"), text=t("menu.hint")),
        ),
    ]
    for intro, menu_board in ((True, None), (False, board)):
        shown.append(Shown(f"{locale} menu (intro={intro})", menu_card(content, locale, menu_board, intro)))
    shown.append(Shown(f"{locale} history", history_card(content, locale, board, sample_events(board))))
    shown.append(Shown(f"{locale} history (empty)", history_card(content, locale, board, [])))
    for complete in (False, True):
        shown.append(
            Shown(
                f"{locale} checklist (complete={complete})",
                render_card(
                    content,
                    "checklist",
                    locale,
                    board=board_view(board),
                    steps=steps_overview(content, locale, board, with_lines=True),
                    next_step=None if complete else next_step_view(content, locale, board),
                    complete=complete,
                ),
            )
        )
    return shown


# hostile data: every value a person or an editor could type, in every variable


def hostile_board() -> tuple[Board, School]:
    board = Board(id="board-h", tenant_id="tenant-h", bg_number="41234", name=HOSTILE, created=STAMP)
    school = School(brin="01AB", name=HOSTILE, las="esis", added=STAMP)
    board.schools.append(school)
    return board, school


def hostile_mailto(content: Content, locale: str) -> str:
    board, school = hostile_board()
    return sample_mailto(content, locale, board, school)


def hostile_parts(content: Content, locale: str) -> dict[str, list[Any]]:
    mailto = hostile_mailto(content, locale)
    supplier = {
        "id": HOSTILE,
        "name": HOSTILE,
        "email": HOSTILE,
        "phone": HOSTILE,
        "web": mailto,
        "info_url": mailto,
        "notes": LONG,
        "source_date": HOSTILE,
        "last_checked": HOSTILE,
    }
    board, _ = hostile_board()
    message = render_text_template(
        content, "alert_message", locale, board=board_view(board), suppliers=[HOSTILE]
    )
    return {
        "supplier_contact": render_card(
            content,
            "supplier_contact",
            locale,
            supplier=supplier,
            school={"brin": HOSTILE, "name": LONG},
            mailto=mailto,
        ),
        "alert_message": render_card(content, "alert_message", locale, message=message + "\n" + LONG),
        "more_info_links": render_card(content, "more_info_links", locale, suppliers=[supplier, supplier]),
    }


def hostile_cards(content: Content, locale: str) -> list[Shown]:
    mailto = hostile_mailto(content, locale)
    both = (HOSTILE, LONG)
    options = [{"title": HOSTILE, "value": HOSTILE}, {"title": LONG, "value": "b"}]
    many = options + [{"title": f"{HOSTILE} {i}", "value": f"v{i}"} for i in range(4)]
    step = {
        "id": HOSTILE,
        "icon": HOSTILE,
        "heading": LONG,
        "summary": HOSTILE,
        "status_text": HOSTILE,
        "lines": [HOSTILE, LONG],
    }
    parts = hostile_parts(content, locale)
    all_parts = [element for elements_ in parts.values() for element in elements_]
    text_input = {"kind": "text", "label": HOSTILE, "placeholder": HOSTILE, "error": HOSTILE}
    date_input = {"kind": "date", "label": HOSTILE, "error": HOSTILE}
    base: dict[str, Any] = {
        "heading": HOSTILE,
        "prompt": LONG,
        "detail": HOSTILE,
        "parts": [],
        "links": [],
        "options": [],
        "choice_style": "buttons",
        "input": None,
        "prompt_id": HOSTILE,
    }
    questions: dict[str, dict[str, Any]] = {
        "buttons, links, parts": {
            "options": options,
            "links": [{"title": HOSTILE, "url": mailto}],
            "parts": all_parts,
        },
        "list": {"options": many, "choice_style": "list"},
        "text": {"input": text_input},
        "date": {"input": date_input},
    }
    shown = [
        Shown(
            f"{locale} hostile question ({name})",
            render_card(content, "question", locale, **base | extra),
            both,
        )
        for name, extra in questions.items()
    ]
    hostile_board_view = {"name": HOSTILE, "bg_number": HOSTILE}
    next_step = {"id": HOSTILE, "heading": HOSTILE}
    shown += [
        Shown(
            f"{locale} hostile answered",
            render_card(
                content,
                "answered",
                locale,
                heading=HOSTILE,
                prompt=LONG,
                answer=HOSTILE,
                who=HOSTILE,
                when=HOSTILE,
            ),
            both,
        ),
        Shown(
            f"{locale} hostile notice", render_card(content, "notice", locale, title=HOSTILE, text=LONG), both
        ),
        Shown(
            f"{locale} hostile history",
            render_card(content, "history", locale, board=hostile_board_view, lines=[HOSTILE, LONG]),
            both,
        ),
        Shown(
            f"{locale} hostile menu",
            render_card(
                content,
                "menu",
                locale,
                intro=True,
                board=hostile_board_view,
                steps=[step, step],
                next_step=next_step,
            ),
            both,
        ),
        Shown(
            f"{locale} hostile checklist",
            render_card(
                content,
                "checklist",
                locale,
                board=hostile_board_view,
                steps=[step, step],
                next_step=next_step,
                complete=True,
            ),
            both,
        ),
        Shown(f"{locale} hostile supplier_contact", wrap(parts["supplier_contact"]), (*both, mailto)),
        Shown(f"{locale} hostile alert_message", wrap(parts["alert_message"]), both),
        Shown(f"{locale} hostile more_info_links", wrap(parts["more_info_links"]), (HOSTILE, mailto)),
    ]
    return shown


# the cards a whole journey shows, in both languages


class CardCollector(Flow):
    """A Flow that keeps every card the bot sent, and every card that replaced a clicked one."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.shown: list[Any] = []

    async def _turn(self, activity: Activity) -> None:
        await super()._turn(activity)
        self.shown += self.cards()
        replaced = invoke_card(self.invoke_response)
        if replaced is not None:
            self.shown.append(replaced)

    def last_card(self) -> dict[str, Any]:
        """The newest question, whether sent as a message or put back in place of a clicked card."""
        for card in reversed(self.shown):
            if any(a.get("verb") == "answer" for a in card.get("actions", [])):
                return dict(card)
        raise AssertionError(f"the bot showed no question:\n{self.transcript()}")

    async def choose(self, value: str) -> None:
        """Clicks the button, or picks the list entry and saves, that answers `value`."""
        card = self.last_card()
        for action in card.get("actions", []):
            data = action.get("data", {})
            if action.get("verb") == "answer" and data.get("value") == value:
                await self.invoke("answer", data)
                return
        for choice_set in elements(card, "Input.ChoiceSet"):
            if any(choice["value"] == value for choice in choice_set["choices"]):
                save = next(a for a in card["actions"] if a.get("verb") == "answer")
                await self.invoke("answer", dict(save["data"]) | {choice_set["id"]: value})
                return
        raise AssertionError(f"no choice {value!r} on the last card:\n{json.dumps(card, indent=1)}")

    async def open_step(self, step: str) -> None:
        await self.invoke("step.start", {"step": step})


async def walk_the_journey(flow: CardCollector, bg_number: str) -> None:
    """All five steps, through buttons, lists, text and date inputs, a wrong answer and old cards."""
    await flow.install()
    await flow.open_step("nummervoorziening")
    await flow.fill(bg_number)
    await flow.fill("Stichting De Linde")
    await flow.choose("continue")
    await flow.choose("yes")
    await flow.fill("2026-11-20")
    for brin, name, role in (
        ("01AB", "De Regenboog", "directeur"),
        ("02CD", "Het Kompas", "administratie"),
        ("03EF", "De Vlinder", "directeur"),
    ):
        await flow.choose("add")
        if brin == "01AB":
            await flow.fill("1AB")  # refused: the same card comes back in place
        await flow.fill(brin)
        await flow.fill(name)
        await flow.fill(role)
    await flow.choose("done")

    await flow.open_step("las")
    for brin, las in (("01AB", "parnassys"), ("02CD", "esis"), ("03EF", "other")):
        await flow.choose(brin)
        await flow.choose(las)
        await flow.choose("continue")
        await flow.choose("yes")
    await flow.choose("done")
    await flow.user("status")

    await flow.open_step("agreements")
    await flow.choose("continue")
    await flow.choose("nummervoorziening")
    await flow.choose("returned")
    await flow.choose("bestuurder")
    await flow.choose("las-esis")
    await flow.choose("signed")
    await flow.choose("mandated")
    await flow.fill("directeur bedrijfsvoering")
    await flow.choose("add_other")
    await flow.fill("Uitgeverij Voorbeeld")
    await flow.choose("unknown")
    await flow.choose("continue")
    await flow.choose("offered")
    await flow.choose("done")

    await flow.open_step("alert")
    await flow.choose("continue")
    await flow.choose("yes")
    await flow.fill("administratie alle scholen")
    await flow.choose("no")

    await flow.open_step("more_info")
    await flow.choose("continue")
    await flow.choose("yes")

    await flow.user("status")
    await flow.invoke("history", {})
    await flow.user("help")
    await flow.invoke("answer", {"prompt": "0000000000000000", "value": "yes"})  # a click on an old card
    await flow.invoke("step1.registered", {"registeredOn": "2026-11-19"})
    await flow.invoke("step2.supplier", {"school": "03EF", "las": "unilogic"})


def journey_label(locale: str, index: int, card: Any) -> str:
    texts = [str(e.get("text", "")) for e in elements(card, "TextBlock")][:2]
    return f"{locale} journey card {index}: {' / '.join(t[:60] for t in texts)}"


async def journey_cards(components: Components) -> list[Shown]:
    shown = []
    for number, locale in enumerate(LOCALES):
        collector = CardCollector(
            components,
            locale=locale,
            user_id=f"user-{locale}",
            tenant_id=f"tenant-{locale}",
            conversation_id=f"personal-{locale}",
        )
        await walk_the_journey(collector, f"4123{number}")
        shown += [Shown(journey_label(locale, i, card), card) for i, card in enumerate(collector.shown)]
    return shown


# Microsoft's parser


def validate_with_adaptivecards(cards: list[Any]) -> list[list[str]]:
    """One node process for all cards; per card, the warnings the library gives."""
    if shutil.which("node") is None:
        pytest.fail(
            "node is not installed; the cards are checked with Node. Install Node.js, then run `make test`."
        )
    if not LIBRARY.is_file():
        pytest.fail(
            f"{LIBRARY.parent} is missing: run `make test`, which installs the card checker "
            "(`npm ci` in tests/cards)."
        )
    result = subprocess.run(
        ["node", str(VALIDATOR)], input=json.dumps(cards), capture_output=True, text=True, timeout=120
    )
    if result.returncode != 0:
        pytest.fail(f"tests/cards/validate.js failed (exit {result.returncode}):\n{result.stderr}")
    warnings = json.loads(result.stdout)
    assert isinstance(warnings, list) and len(warnings) == len(cards), result.stdout[:500]
    return warnings


# the tests


# the knowledge base and the helpdesk


def helpdesk_sample_cards(content: Content, locale: str) -> list[Shown]:
    """Every knowledge base entry's answer card, and each helpdesk card in each of its states."""
    entries = content.knowledge.entries
    shown = [
        Shown(f"{locale} faq_answer {entry.id}", answer_card(content, locale, entry, "wat als geen bsn?"))
        for entry in entries
    ]
    for feedback in ("helpful", "not_helpful"):
        for can_escalate in (True, False):
            card = answer_card(content, locale, entries[0], "vraag", feedback, can_escalate)
            shown.append(Shown(f"{locale} faq_answer ({feedback}, {can_escalate})", card))
    linked = next(e for e in entries if e.links)
    shown.append(
        Shown(f"{locale} faq_answer (links, helpful)", answer_card(content, locale, linked, "v", "helpful"))
    )
    hits = tuple(Hit(entry, 1.0) for entry in entries[:3])
    suggestions = suggestions_card(content, locale, Match(Band.SUGGEST, hits, 0.4, 0.05), "vraag")
    shown.append(Shown(f"{locale} faq_suggestions", suggestions))
    for can_escalate in (True, False):
        shown.append(
            Shown(f"{locale} faq_unknown ({can_escalate})", unknown_card(content, locale, "?", can_escalate))
        )
    ticket = sample_ticket()
    answered = ticket.model_copy(
        update={"answer": "Ja, dat kan.", "answered_by": "Piet", "answered_at": ticket.asked_at}
    )
    shown += [
        Shown(f"{locale} ticket (open)", ticket_card(content, locale, ticket)),
        Shown(f"{locale} ticket (answered)", ticket_card(content, locale, answered)),
        Shown(f"{locale} ticket (drafted)", ticket_card(content, locale, answered, draft=True)),
        Shown(
            f"{locale} ticket_reply",
            render_card(
                content,
                "ticket_reply",
                locale,
                question="Vraag?",
                answer="Antwoord.",
                answered_by="Piet",
                when="nu",
            ),
        ),
    ]
    return shown


def sample_ticket(text: str = "Moet elke school apart tekenen?") -> Ticket:
    return Ticket(
        id="t1",
        tenant_id="tenant",
        board_id="b1",
        board_label="Stichting Voorbeeld (12345)",
        asker_key="k",
        asker_name="Anne de Vries",
        question=text,
        locale="nl",
        asked_at=datetime(2026, 11, 23, 9, 15, tzinfo=UTC),
        reply_to={},
    )


def helpdesk_hostile_cards(content: Content, locale: str) -> list[Shown]:
    both = (HOSTILE, LONG)
    link = {"title": HOSTILE, "url": "https://example.org/?a=1&b=%22x%22"}
    shown = []
    for feedback, can_escalate in (
        (None, True),
        ("helpful", True),
        ("not_helpful", True),
        ("not_helpful", False),
    ):
        card = render_card(
            content,
            "faq_answer",
            locale,
            title=HOSTILE,
            answer=LONG,
            source=HOSTILE,
            links=[link, link],
            entry_id=HOSTILE,
            asked=HOSTILE,
            feedback=feedback,
            can_escalate=can_escalate,
        )
        shown.append(Shown(f"{locale} hostile faq_answer ({feedback}, {can_escalate})", card, both))
    suggestions = [{"title": HOSTILE, "entry": HOSTILE}, {"title": LONG, "entry": "b"}]
    card = render_card(content, "faq_suggestions", locale, suggestions=suggestions, asked=HOSTILE)
    shown.append(Shown(f"{locale} hostile faq_suggestions", card, both))
    for can_escalate in (True, False):
        card = render_card(content, "faq_unknown", locale, asked=HOSTILE, can_escalate=can_escalate)
        shown.append(
            Shown(f"{locale} hostile faq_unknown ({can_escalate})", card, (HOSTILE,) if can_escalate else ())
        )
    for answer, draft in ((None, False), (LONG, False), (LONG, True)):
        card = render_card(
            content,
            "ticket",
            locale,
            ticket_id=HOSTILE,
            question=HOSTILE,
            asker=HOSTILE,
            board=HOSTILE,
            asked_at=HOSTILE,
            answer=answer,
            answered_by=HOSTILE,
            answered_at=HOSTILE,
            draft=draft,
        )
        shown.append(Shown(f"{locale} hostile ticket ({answer is not None}, {draft})", card, (HOSTILE,)))
    card = render_card(
        content, "ticket_reply", locale, question=HOSTILE, answer=LONG, answered_by=HOSTILE, when=HOSTILE
    )
    shown.append(Shown(f"{locale} hostile ticket_reply", card, (LONG,)))
    return shown


# what coordinators see


def coordination_sample_cards(content: Content, locale: str) -> list[Shown]:
    board = sample_board()
    ensure_agreements(board, content.supplier_names())
    cards = coordination_cards(content, locale, board, "Stichting De Linde")
    return [Shown(f"{locale} {name}", card) for name, card in cards.items()]


def coordination_hostile_cards(content: Content, locale: str) -> list[Shown]:
    board, _ = hostile_board()
    ensure_agreements(board, content.supplier_names())
    shown = []
    for text in (HOSTILE, NASTY_NAME, LONG):
        cards = coordination_cards(content, locale, board, text) | hostile_raw_cards(content, locale, text)
        shown += [Shown(f"{locale} hostile {name} ({text[:12]!r})", card) for name, card in cards.items()]
    return shown


@pytest.mark.parametrize("locale", LOCALES)
def test_board_names_come_back_unchanged_on_coordinator_cards(content: Content, locale: str) -> None:
    board, _ = hostile_board()
    cards = coordination_cards(content, locale, board, NASTY_NAME)
    for name in ("coordination_overview", "coordination_board", "coordinators", "api_tokens"):
        found = list(strings(cards[name]))
        assert any(NASTY_NAME in s for s in found), f"{name}: the name did not come back unchanged"
        assert not any(INJECTED in s and NASTY_NAME not in s for s in found), name
    overview = cards["coordination_overview"]
    [boards] = [c for c in elements(overview, "Input.ChoiceSet") if c["id"] == "board"]
    assert len(boards["choices"]) == 10 and NASTY_NAME in boards["choices"][0]["title"]


def test_every_card_is_declared_and_covered_here(content: Content) -> None:
    declared = {spec.name for spec in content.cards.cards}
    rendered = {"question", "answered", "notice", "menu", "checklist", "history", *PARTS}
    rendered |= {"faq_answer", "faq_suggestions", "faq_unknown", "ticket", "ticket_reply"}
    rendered |= COORDINATION_CARDS
    rendered |= REMINDER_CARDS
    rendered |= ALERT_CARDS
    rendered |= PRIVACY_CARDS
    rendered |= DPA_CARDS
    assert declared == rendered, "a card was added or removed in cards.yaml: render it in this file too"


async def test_teams_reads_every_card_without_a_warning(content: Content, components: Components) -> None:
    shown: list[Shown] = []
    for locale in LOCALES:
        shown += sample_cards(content, locale) + hostile_cards(content, locale)
        shown += helpdesk_sample_cards(content, locale) + helpdesk_hostile_cards(content, locale)
        shown += coordination_sample_cards(content, locale) + coordination_hostile_cards(content, locale)
        shown += [
            Shown(f"{locale} {name}", card) for name, card in all_reminder_cards(content, locale).items()
        ]
        shown += [Shown(f"{locale} {name}", card) for name, card in all_alert_cards(content, locale).items()]
        shown += [
            Shown(f"{locale} {name}", card) for name, card in all_privacy_cards(content, locale).items()
        ]
        shown += [Shown(f"{locale} {name}", card) for name, card in all_dpa_cards(content, locale).items()]
    journey = await journey_cards(components)
    shown += journey

    # The journey really showed every kind of card and input, in both languages.
    for locale in LOCALES:
        cards = [s.card for s in journey if s.label.startswith(f"{locale} ")]
        for kind in ("Input.ChoiceSet", "Input.Text", "Input.Date", "FactSet", "Action.OpenUrl", "ColumnSet"):
            assert any(elements(c, kind) for c in cards), f"the {locale} journey showed no {kind}"
        assert any(elements(c, "Action.OpenUrl") and "mailto:" in json.dumps(c) for c in cards)

    for item in shown:
        assert isinstance(item.card, dict), item.label
        assert (item.card.get("type"), item.card.get("version")) == ("AdaptiveCard", "1.5"), item.label

    # A card the library must object to: proves the checker is really checking.
    canary = {"type": "AdaptiveCard", "version": "1.5", "body": [{"type": "Input.Text"}, {"type": "Bogus"}]}
    *results, canary_warnings = validate_with_adaptivecards([s.card for s in shown] + [canary])
    assert canary_warnings, "validate.js reported nothing for a broken card; the checker does not work"

    problems = [f"{s.label}: {w}" for s, warnings in zip(shown, results, strict=True) for w in warnings]
    assert not problems, f"{len(problems)} warning(s) from Microsoft's Adaptive Cards library:\n" + "\n".join(
        problems
    )


@pytest.mark.parametrize("locale", LOCALES)
def test_every_part_is_a_list_of_elements(content: Content, locale: str) -> None:
    for name, parts in sample_parts(content, locale).items():
        assert isinstance(parts, list) and parts, name
        assert all(isinstance(p, dict) and isinstance(p.get("type"), str) for p in parts), name


@pytest.mark.parametrize("locale", LOCALES)
def test_hostile_text_comes_back_exactly_as_given(content: Content, locale: str) -> None:
    # Verbatim includes the quotes, backslashes, newlines and a literal {{ 7*7 }}, never 49.
    for shown in hostile_cards(content, locale):
        assert shown.expects, shown.label
        found = list(strings(shown.card))
        for value in shown.expects:
            assert any(value in s for s in found), (
                f"{shown.label}: {value[:30]!r}… did not come back unchanged"
            )


@pytest.mark.parametrize("locale", LOCALES)
def test_values_are_never_rendered_as_templates(content: Content, locale: str) -> None:
    card = render_card(
        content, "notice", locale, title="{{ 7*7 }}", text="{% for x in range(3) %}x{% endfor %}"
    )
    assert [block["text"] for block in card["body"]] == ["{{ 7*7 }}", "{% for x in range(3) %}x{% endfor %}"]
    answered = render_card(
        content, "answered", locale, heading="h", prompt="p", answer="{{ 7*7 }}", who="{{ who }}", when="w"
    )
    texts = [block["text"] for block in answered["body"]]
    assert texts[2].endswith("{{ 7*7 }}") and INJECTED not in texts[2]
    assert "{{ who }}" in texts[3]


@pytest.mark.parametrize("locale", LOCALES)
def test_a_hostile_question_keeps_every_field(content: Content, locale: str) -> None:
    [card] = [s.card for s in hostile_cards(content, locale) if s.label.endswith("(buttons, links, parts)")]
    heading, prompt, detail = (card["body"][i]["text"] for i in range(3))
    assert (heading, prompt, detail) == (HOSTILE, LONG, HOSTILE)
    buttons = [a for a in card["actions"] if a["type"] == "Action.Execute"]
    assert [(b["title"], b["data"]) for b in buttons] == [
        (HOSTILE, {"prompt": HOSTILE, "value": HOSTILE}),
        (LONG, {"prompt": HOSTILE, "value": "b"}),
    ]
    links = card["body"][-1]  # the question's own links come after its parts
    assert links["type"] == "ActionSet"
    assert links["actions"] == [
        {"type": "Action.OpenUrl", "title": HOSTILE, "url": hostile_mailto(content, locale)}
    ]


@pytest.mark.parametrize("locale", LOCALES)
def test_the_mail_link_carries_subject_and_body_encoded(content: Content, locale: str) -> None:
    mailto = hostile_mailto(content, locale)
    [part] = [s.card for s in hostile_cards(content, locale) if s.label.endswith("hostile supplier_contact")]
    urls = [a["url"] for a in elements(part, "Action.OpenUrl")]
    assert mailto in urls
    url = urlsplit(mailto)
    assert (url.scheme, url.path) == ("mailto", "info@rovict.nl")
    assert not any(c in mailto for c in ' "\n<>\\'), "the link must be percent-encoded"
    query = parse_qs(url.query, strict_parsing=True)
    assert set(query) == {"subject", "body"}
    [subject], [body] = query["subject"], query["body"]
    assert HOSTILE in subject and "01AB" in subject
    assert HOSTILE in body and "41234" in body


@pytest.mark.parametrize("locale", LOCALES)
def test_a_card_shown_again_is_the_same_card_and_never_another_boards(content: Content, locale: str) -> None:
    # Rendered cards are kept and shown again (bot/cards.py): what one person's turn did to its
    # card must not reach the next person's, and different data must never give the same card.
    first = render_card(content, "notice", locale, title="Stichting De Linde", text="Stap 1 is klaar.")
    first["body"].clear()
    again = render_card(content, "notice", locale, title="Stichting De Linde", text="Stap 1 is klaar.")
    other = render_card(content, "notice", locale, title="Stichting Het Eiland", text="Stap 1 is klaar.")
    assert "Stichting De Linde" in json.dumps(again) and "Het Eiland" not in json.dumps(again)
    assert "Stichting Het Eiland" in json.dumps(other) and "De Linde" not in json.dumps(other)


@pytest.mark.parametrize("locale", LOCALES)
def test_a_shared_question_card_carries_its_own_prompt_in_every_button(content: Content, locale: str) -> None:
    # The question card is shared between renders with the prompt's id filled in afterwards
    # (bot/cards.py, `late`): a button must always answer the question it was shown with.
    def question(prompt_id: str) -> Any:
        return render_card(
            content,
            "question",
            locale,
            heading="Stap 2 van 5",
            prompt="Welk LAS gebruikt De Regenboog?",
            detail=None,
            parts=[],
            links=[],
            options=[{"title": "ParnasSys", "value": "parnassys"}, {"title": "ESIS", "value": "esis"}],
            choice_style="buttons",
            input=None,
            late={"prompt_id": prompt_id},
        )

    for prompt_id in ("p-1", 'p-"2"</script>', "p-3"):
        prompts = {action["data"]["prompt"] for action in question(prompt_id)["actions"]}
        assert prompts == {prompt_id}
