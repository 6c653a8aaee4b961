"""The summary counts what the boards say: per step per status, stalled, done, days to the target."""

from __future__ import annotations

from collections import Counter

from tests.api.conftest import AGREEMENTS, ALERT, MORE_INFO, REGISTERED, Api, named, school

ALL_DONE = [
    named("Stichting Klaar"),
    *REGISTERED,
    *school("01AB", "esis"),
    (AGREEMENTS, "set_agreement_state", "returned", "nummervoorziening"),
    (AGREEMENTS, "set_agreement_state", "returned", "las-esis"),
    (ALERT, "alert_administration", "de administratie", None),
    (ALERT, "alert_ict", "de ICT", None),
    (MORE_INFO, "mark_info_read", "yes", None),
]


async def test_the_summary_counts_match_the_boards(api: Api) -> None:
    old_done = await api.board("10001", *ALL_DONE)
    await api.board("10002", named("Stichting Oud"))  # stalls: nothing after this
    api.clock.advance(days=20)
    await api.board("10003", named("Stichting Bezig"), *REGISTERED, *school("02CD", "parnassys"))
    await api.board("10004", named("Stichting Wacht"), *school("03EF", "other", told=False))

    reply = await api.get("/api/v1/summary")
    assert reply.status == 200
    summary = reply.body
    assert (summary["boards"], summary["done"], summary["stalled"]) == (4, 1, 1)
    assert summary["stalled_days"] == 14
    listed = (await api.get("/api/v1/boards")).body["boards"]
    for step in ("nummervoorziening", "las", "agreements", "alert", "more_info"):
        expected = Counter(board["steps"][step] for board in listed)
        assert summary["steps"][step] == {s: expected[s] for s in ("open", "in_progress", "waiting", "done")}
    assert summary["steps"]["las"] == {"open": 1, "in_progress": 0, "waiting": 1, "done": 2}
    assert summary["supplier"] is None
    assert old_done.id in {b["id"] for b in listed}


async def test_the_summary_counts_the_days_to_the_target_date(api: Api) -> None:
    summary = (await api.get("/api/v1/summary")).body
    # The clock stands at 23 November 2026; without ECKBOT_TARGET_DATE the target is the next 1 August.
    assert summary["target_date"] == "2027-08-01"
    assert summary["days_left"] == 251
    assert summary["boards"] == 0
    assert summary["steps"]["alert"] == {"open": 0, "in_progress": 0, "waiting": 0, "done": 0}


async def test_the_summary_of_one_supplier_counts_only_its_boards(api: Api) -> None:
    await api.board("10001", *ALL_DONE)
    await api.board("10003", named("Stichting Bezig"), *REGISTERED, *school("02CD", "parnassys"))
    await api.board("10005", named("Stichting Leeg"))

    summary = (await api.get("/api/v1/summary", supplier="esis")).body
    assert (summary["supplier"], summary["boards"], summary["done"]) == ("esis", 1, 1)
    assert (await api.get("/api/v1/summary", supplier="parnassys")).body["steps"]["las"]["done"] == 1
    assert (await api.get("/api/v1/summary", supplier="unilogic")).body["boards"] == 0
