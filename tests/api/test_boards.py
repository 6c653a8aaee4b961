"""What a coordinator's script reads: the boards, filtered; one board in full, without anyone's name."""

from __future__ import annotations

import re
from typing import Any

from tests.api.conftest import AGREEMENTS, ALERT, ANNE, LAS, REGISTERED, STEP1, Api, named, school

ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")


async def three_boards(api: Api) -> dict[str, str]:
    """A board that stalled a month ago, one busy on ParnasSys and one waiting on Edu-K for ESIS."""
    stalled = await api.board("11111", named("Stichting Stil"))
    api.clock.advance(days=30)
    busy = await api.board("22222", named("Stichting Bezig"), *REGISTERED, *school("01AB", "parnassys"))
    waiting = await api.board(
        "33333", named("Stichting Wacht"), *school("02CD", "esis"), *school("03EF", "other", told=False)
    )
    return {"stalled": stalled.id, "busy": busy.id, "waiting": waiting.id}


def names(reply_body: dict[str, Any]) -> set[str]:
    return {board["name"] for board in reply_body["boards"]}


async def test_the_list_has_every_board_with_its_status_per_step(api: Api) -> None:
    ids = await three_boards(api)
    reply = await api.get("/api/v1/boards")
    assert reply.status == 200
    assert reply.body["total"] == 3
    assert [b["name"] for b in reply.body["boards"]] == [
        "Stichting Stil",
        "Stichting Bezig",
        "Stichting Wacht",
    ]
    busy = next(b for b in reply.body["boards"] if b["id"] == ids["busy"])
    assert busy["steps"] == {
        "nummervoorziening": "done",
        "las": "done",
        "agreements": "open",
        "alert": "open",
        "more_info": "open",
    }
    assert busy["suppliers"] == ["parnassys"]
    assert busy["bg_number"] == "22222"
    assert busy["done"] is False and busy["stalled"] is False
    assert ISO_UTC.match(busy["progress_at"]) and ISO_UTC.match(busy["updated_at"])
    assert busy["progress_at"] == "2026-12-23T09:15:00Z"


async def test_the_boards_are_filtered_by_step_status_supplier_and_stall(api: Api) -> None:
    await three_boards(api)

    assert names((await api.get("/api/v1/boards", step="las", status="waiting")).body) == {"Stichting Wacht"}
    assert names((await api.get("/api/v1/boards", step="las", status="done")).body) == {"Stichting Bezig"}
    assert names((await api.get("/api/v1/boards", status="waiting")).body) == {"Stichting Wacht"}
    assert names((await api.get("/api/v1/boards", step="nummervoorziening")).body) == {
        "Stichting Stil",
        "Stichting Wacht",
    }
    assert names((await api.get("/api/v1/boards", supplier="esis")).body) == {"Stichting Wacht"}
    assert names((await api.get("/api/v1/boards", supplier="other")).body) == {"Stichting Wacht"}
    assert names((await api.get("/api/v1/boards", supplier="unilogic")).body) == set()
    stalled = (await api.get("/api/v1/boards", stalled="true")).body
    assert names(stalled) == {"Stichting Stil"}
    assert stalled["boards"][0]["stalled"] is True
    assert (await api.get("/api/v1/boards", stalled="false")).body["total"] == 3
    assert names((await api.get("/api/v1/boards", q="bezig")).body) == {"Stichting Bezig"}
    assert names((await api.get("/api/v1/boards", q="333")).body) == {"Stichting Wacht"}
    assert names((await api.get("/api/v1/boards", q="100%")).body) == set()


async def test_the_list_pages_with_limit_and_offset(api: Api) -> None:
    for n in range(5):
        await api.board(f"4000{n}", named(f"Stichting {n}"))
        api.clock.advance(minutes=1)
    first = (await api.get("/api/v1/boards", limit="2")).body
    rest = (await api.get("/api/v1/boards", limit="2", offset="2")).body
    last = (await api.get("/api/v1/boards", limit="2", offset="4")).body
    assert (first["total"], first["limit"], first["offset"]) == (5, 2, 0)
    assert [b["name"] for b in first["boards"] + rest["boards"] + last["boards"]] == [
        f"Stichting {n}" for n in range(5)
    ]
    assert (await api.get("/api/v1/boards", offset="50")).body["boards"] == []


async def test_one_board_has_its_steps_schools_agreements_and_latest_events(api: Api) -> None:
    board = await api.board(
        "41234",
        named("Stichting Een"),
        *REGISTERED,
        *school("01AB", "parnassys"),
        (AGREEMENTS, "set_agreement_state", "signed", "las-parnassys"),
    )
    reply = await api.get(f"/api/v1/boards/{board.id}")
    assert reply.status == 200
    found = reply.body
    assert (found["id"], found["bg_number"], found["name"]) == (board.id, "41234", "Stichting Een")
    assert found["steps"]["nummervoorziening"]["status"] == "done"
    assert found["steps"]["agreements"]["status"] == "in_progress"
    assert found["steps"]["alert"] == {"status": "open", "changed_at": None, "completed_at": None}
    assert found["steps"]["las"]["completed_at"] == "2026-11-23T09:15:00Z"
    assert found["schools"] == [
        {
            "brin": "01AB",
            "name": "School 01AB",
            "las": "parnassys",
            "supplier_told": True,
            "supplier_told_at": "2026-11-23T09:15:00Z",
            "waiting_on": None,
            "has_contact": True,
        }
    ]
    states = {a["id"]: a["state"] for a in found["agreements"]}
    assert states == {"nummervoorziening": "not_offered", "las-parnassys": "signed"}
    assert found["registration"] == {"registered": True, "registered_on": "2026-11-23"}
    newest = found["events"][0]
    assert newest == {
        "at": "2026-11-23T09:15:00Z",
        "kind": "step.status",
        "data": {"step": "agreements", "from": "open", "to": "in_progress"},
    }
    assert {"board.created", "school.added", "step2.las"} <= {e["kind"] for e in found["events"]}
    assert found["done"] is False and found["stalled"] is False


async def test_a_boards_api_output_carries_no_names_of_people(api: Api) -> None:
    board = await api.board(
        "41234",
        named("Stichting Een"),
        *REGISTERED,
        *school("01AB", "parnassys"),
        (AGREEMENTS, "set_agreement_mandate", "Carla Mandaat", "las-parnassys"),
        (ALERT, "alert_administration", "Dirk Administratie", None),
        (LAS, "set_supplier_told", "yes", "01AB"),
        (STEP1, "set_registration", "yes", None),
    )
    texts = [
        (await api.get(f"/api/v1/boards/{board.id}")).body,
        (await api.get("/api/v1/boards")).body,
        (await api.get("/api/v1/summary")).body,
    ]
    for body in texts:
        text = str(body)
        for name in (ANNE.name, ANNE.key, "Bram Jansen", "Carla Mandaat", "Dirk Administratie"):
            assert name not in text
    detail = texts[0]
    assert detail["agreements"][1]["signer"] == "mandated"  # the fact stays, the name goes
    assert all(set(e) == {"at", "kind", "data"} for e in detail["events"])
