"""The Store protocol in memory: what the onboarding service records demo boards on."""

from __future__ import annotations

from bot.onboarding.models import Board, Event
from bot.storage.protocol import StoredState


class MemoryStore:
    """What the service needs of a store, for one board at a time; written to the database after."""

    def __init__(self) -> None:
        self.boards: dict[str, Board] = {}
        self.events: dict[str, list[Event]] = {}

    async def ping(self) -> None:
        return None

    async def close(self) -> None:
        return None

    async def get_board(self, board_id: str, tenant_id: str) -> Board | None:
        board = self.boards.get(board_id)
        return board if board is not None and board.tenant_id == tenant_id else None

    async def board_for(self, tenant_id: str, person_key: str, conversation_key: str | None) -> Board | None:
        return None

    async def find_board_by_bg_number(self, bg_number: str) -> Board | None:
        return next((b for b in self.boards.values() if b.bg_number == bg_number), None)

    async def insert_board(self, board: Board, new_events: list[Event]) -> Board:
        board.version = 1
        self.boards[board.id] = board
        self.events[board.id] = list(new_events)
        return board

    async def save_board(self, board: Board, new_events: list[Event]) -> Board:
        board.version += 1
        self.boards[board.id] = board
        self.events[board.id].extend(new_events)
        return board

    async def list_events(self, board_id: str, tenant_id: str, limit: int = 50) -> list[Event]:
        return self.events.get(board_id, [])[-limit:]

    async def link_person(self, tenant_id: str, person_key: str, board_id: str) -> None:
        return None

    async def board_id_for_person(self, tenant_id: str, person_key: str) -> str | None:
        return None

    async def link_conversation(self, tenant_id: str, conversation_key: str, board_id: str) -> None:
        return None

    async def board_id_for_conversation(self, tenant_id: str, conversation_key: str) -> str | None:
        return None

    async def mark_welcomed(self, key: str) -> bool:
        return False

    async def read_states(self, keys: list[str]) -> dict[str, StoredState]:
        return {}

    async def write_state(self, key: str, document: str, expected_etag: str | None) -> str:
        return ""

    async def delete_states(self, keys: list[str]) -> None:
        return None
