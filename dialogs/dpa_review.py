"""Having a supplier's verwerkersovereenkomst reviewed: a file in the personal chat, the card, saving it.

States of one conversation, in its dialog state (`dpa_review`), never the file itself:
- WAITING_FOR_FILE: "Laat nakijken" was pressed on an agreement; the next file is saved with it.
- ASKING_AGREEMENT: a file was reviewed without one; its findings wait for the board to pick one.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from botbuilder.core import InvokeResponse, StatePropertyAccessor, TurnContext
from botbuilder.schema import Activity, ActivityTypes

from bot.content import Content
from bot.dpa.checklist import load_checklist
from bot.dpa.download import Downloader, DownloadFailed
from bot.dpa.models import Finding, Inconsistency, Review, UnreadableDocument
from bot.dpa.service import DpaReviewService, agreement_review
from bot.invoke_responses import card_response, message_response
from bot.onboarding.clock import Clock
from bot.onboarding.errors import InvalidAnswer, NoBoardYet
from bot.onboarding.models import Agreement, Stamp, StepId
from bot.onboarding.progress import StepRule
from bot.storage.protocol import Store
from dialogs.activities import card_activity
from dialogs.dpa_cards import notice_card, pick_card, review_card
from dialogs.turn import TurnInfo
from dialogs.views import agreement_view

log = logging.getLogger(__name__)

FILE_DOWNLOAD_INFO = "application/vnd.microsoft.teams.file.download.info"
READABLE = frozenset({".pdf", ".docx", ".txt", ".md"})
# A file shared in a channel or group chat arrives as a link in the message's HTML.
_LINKED_FILES = (".pdf", ".docx", ".doc", ".txt", ".md", ".odt", ".rtf")
REVIEW_VERB = "dpa.review"
SAVE_VERB = "dpa.save"
DISCARD_VERB = "dpa.discard"
VERBS = frozenset({REVIEW_VERB, SAVE_VERB, DISCARD_VERB})
WAITING_FOR_FILE = "agreement"
ASKING_AGREEMENT = "review"


@dataclass(frozen=True)
class SentFile:
    name: str
    url: str


def sent_file(activity: Activity) -> SentFile | None:
    """The file a user attached in the personal chat (Teams' file download info), if any."""
    for attachment in activity.attachments or []:
        content = attachment.content if isinstance(attachment.content, dict) else {}
        url = content.get("downloadUrl")
        if attachment.content_type == FILE_DOWNLOAD_INFO and isinstance(url, str) and url:
            file_type = content.get("fileType") if isinstance(content.get("fileType"), str) else ""
            name = attachment.name or f"document.{file_type}"
            return SentFile(name=str(name), url=url)
    return None


def shared_file_link(activity: Activity) -> bool:
    """A file shared where the bot gets only a link: a reference, or a link to a document in the HTML."""
    for attachment in activity.attachments or []:
        if attachment.content_type in (FILE_DOWNLOAD_INFO, "reference"):
            return True
        if attachment.content_type == "text/html" and isinstance(attachment.content, str):
            html = attachment.content.lower()
            if "href=" in html and any(f'{ext}"' in html or f"{ext}?" in html for ext in _LINKED_FILES):
                return True
    return False


def review_from_json(data: dict[str, Any]) -> Review:
    """A review kept in dialog state (Review.as_json) back as the engine returned it."""
    document = data["document"]
    return Review(
        pages=int(document["pages"]),
        language="en" if document["language"] == "en" else "nl",
        elements=[Finding(**element) for element in data["elements"]],
        consistency=[Inconsistency(**issue) for issue in data["consistency"]],
    )


def dpa_desk(content: Content, store: Store, rules: Mapping[StepId, StepRule], clock: Clock) -> DpaDesk:
    """The desk with the checklist loaded (and validated) now, at start-up, and its own download session."""
    reviews = DpaReviewService(store, rules, load_checklist(content.root), clock)
    return DpaDesk(content, reviews, Downloader())


class DpaDesk:
    """Receives files, reviews them, shows the card and keeps the findings with the right agreement."""

    def __init__(self, content: Content, reviews: DpaReviewService, downloader: Downloader) -> None:
        self._content = content
        self._reviews = reviews
        self._downloader = downloader

    @staticmethod
    def handles(verb: str | None) -> bool:
        return verb in VERBS

    async def close(self) -> None:
        await self._downloader.close()

    async def message(
        self, context: TurnContext, turn: TurnInfo, personal: bool, state: StatePropertyAccessor
    ) -> bool:
        """Handles a message that carries a file; False for any other message."""
        sent = sent_file(context.activity)
        if not personal and (sent is not None or shared_file_link(context.activity)):
            await context.send_activity(self._content.text(turn.locale, "dpa.personal_only"))
            return True
        if sent is None:
            return False
        await self._review_sent(context, turn, sent, state)
        return True

    async def _review_sent(
        self, context: TurnContext, turn: TurnInfo, sent: SentFile, state: StatePropertyAccessor
    ) -> None:
        t = self._content.translator(turn.locale)
        await context.send_activity(Activity(type=ActivityTypes.typing))
        try:
            if PurePosixPath(sent.name.lower()).suffix not in READABLE:
                raise UnreadableDocument("unsupported")  # not worth downloading
            data = await self._downloader.fetch(sent.url)
            found = await self._reviews.review(data, sent.name, turn.locale)
        except (DownloadFailed, UnreadableDocument) as problem:
            log.info("dpa_unreadable reason=%s", problem.reason)
            key = f"dpa.unreadable.{problem.reason}"
            await context.send_activity(
                t(key if key in self._content.messages["nl"] else "dpa.unreadable.corrupt")
            )
            return
        log.info(
            "dpa_reviewed pages=%s to_resolve=%s",
            found.pages,
            sum(f.status != "present" for f in found.elements),
        )
        pending: dict[str, Any] = await state.get(context, dict)
        board = await turn.board()
        agreement = board.agreement(str(pending.get(WAITING_FOR_FILE, ""))) if board else None
        stamp = Stamp(at=turn.service.now(), by=turn.speaker.actor.name)
        if board is None:
            await state.set(context, {})
            card = review_card(
                self._content, turn.locale, self._reviews.checklist, agreement_review(found, stamp)
            )
            await context.send_activity(card_activity(card))
            await context.send_activity(t("dpa.no_board"))
            return
        if agreement is None:
            review_id = uuid.uuid4().hex[:12]
            await state.set(context, {ASKING_AGREEMENT: {"id": review_id, "found": found.as_json()}})
            card = review_card(
                self._content,
                turn.locale,
                self._reviews.checklist,
                agreement_review(found, stamp),
                None,
                board,
            )
            await context.send_activity(card_activity(card))
            await context.send_activity(
                card_activity(pick_card(self._content, turn.locale, board, review_id))
            )
            return
        board = await self._reviews.save(turn.speaker, board.id, agreement.id, found)
        turn.remember_board(board)
        await state.set(context, {})
        saved = board.agreement(agreement.id)
        assert saved is not None and saved.review is not None
        card = review_card(self._content, turn.locale, self._reviews.checklist, saved.review, saved, board)
        await context.send_activity(card_activity(card))
        await context.send_activity(self._saved_text(turn, saved))

    def _saved_text(self, turn: TurnInfo, agreement: Agreement) -> str:
        t = self._content.translator(turn.locale)
        state = t(f"agreement_state.{agreement.state.value}")
        return t("dpa.saved", agreement=agreement_view(agreement), value=state)

    async def action(
        self, context: TurnContext, turn: TurnInfo, personal: bool, state: StatePropertyAccessor
    ) -> InvokeResponse:
        """The buttons: "Laat nakijken" on an agreement, and which agreement unsaved findings belong to."""
        t = self._content.translator(turn.locale)
        verb = turn.input.verb
        if not personal:
            return message_response(t("dpa.personal_only"))
        if verb == REVIEW_VERB:
            return await self._ask_for_file(context, turn, state)
        pending: dict[str, Any] = await state.get(context, dict)
        waiting = pending.get(ASKING_AGREEMENT)
        if not isinstance(waiting, dict) or waiting.get("id") != turn.input.field("review"):
            return card_response(
                notice_card(self._content, turn.locale, t("dialog.stale_card"), t("dpa.pick.gone"))
            )
        if verb == DISCARD_VERB:
            await state.set(context, {})
            return card_response(
                notice_card(self._content, turn.locale, t("dpa.discarded_title"), t("dpa.discarded"))
            )
        board = await turn.board()
        agreement = board.agreement(turn.input.field("agreement") or "") if board else None
        if board is None:
            raise NoBoardYet()
        if agreement is None:
            raise InvalidAnswer("invalid.choice")
        board = await self._reviews.save(
            turn.speaker, board.id, agreement.id, review_from_json(waiting["found"])
        )
        turn.remember_board(board)
        await state.set(context, {})
        saved = board.agreement(agreement.id)
        assert saved is not None
        return card_response(
            notice_card(self._content, turn.locale, t("dpa.saved_title"), self._saved_text(turn, saved))
        )

    async def _ask_for_file(
        self, context: TurnContext, turn: TurnInfo, state: StatePropertyAccessor
    ) -> InvokeResponse:
        t = self._content.translator(turn.locale)
        board = await turn.board()
        if board is None:
            raise NoBoardYet()
        agreement = board.agreement(turn.input.field("agreement") or "")
        if agreement is None:
            raise InvalidAnswer("invalid.choice")
        await state.set(context, {WAITING_FOR_FILE: agreement.id})
        await context.send_activity(t("dpa.send_file", agreement=agreement_view(agreement)))
        return message_response(t("dpa.send_file_short"))
