"""What a coordinator sees: the summary and funnel, filters, one board, the staff's questions."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from markupsafe import escape

from bot.dashboard.timeline import event_text
from bot.dashboard.views import Words
from bot.onboarding.models import Actor, Event
from bot.onboarding.service import Speaker
from bot.outbox.models import NewMessage
from tests.dashboard.conftest import Dashboard

HOSTILE = "<script>alert(1)</script> \"Stichting\" 'O''Brien' & Zn"
ROW_LINK = re.compile(r'<th scope="row"><a href="(/dashboard/boards/[^"?]+)[^"]*">([^<]*)</a></th>')


def board_names(page: str) -> list[str]:
    return sorted(html.unescape(name) for _, name in ROW_LINK.findall(page))


@pytest.fixture
async def signed_in(dashboard: Dashboard) -> Dashboard:
    """Five boards: two stalled for 20 days, three fresh; ParnasSys, ESIS, another system."""
    await dashboard.board("Stichting Waterland", "41001", las=("parnassys",), registered=True)
    await dashboard.board("Vereniging Zuid", "41002", las=("esis",))
    dashboard.clock.advance(days=20)
    await dashboard.board("Schoolbestuur De Kempen", "41003", las=("other",))
    await dashboard.board("Stichting Kindante", "41004", las=("parnassys", "esis"))
    await dashboard.board("Stichting Zonder School", "41005")
    await dashboard.sign_in()
    return dashboard


async def test_the_summary_counts_every_step_and_shows_the_funnel(signed_in: Dashboard) -> None:
    status, page = await signed_in.get("/dashboard")
    assert status == 200
    figures = dict(re.findall(r"<dt>([^<]+)</dt><dd>(\d+)</dd>", page))
    assert figures["Besturen"] == "5"
    assert figures["14 dagen of langer zonder voortgang"] == "2"
    assert figures["Helemaal klaar"] == "0"
    # 23 November 2026 to 1 August 2027, the clock having moved 20 days on
    assert re.search(r"Dagen tot <span class=\"nowrap\">01-08-2027</span></dt><dd>231</dd>", page)
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page and 'role="img"' in page
    assert '<title id="funnel-title">' in page
    assert "Stap 2, LAS-leverancier inlichten: 0 klaar, 3 bezig, 1 wachten, 1 nog niet begonnen" in page
    assert board_names(page) == [
        "Schoolbestuur De Kempen",
        "Stichting Kindante",
        "Stichting Waterland",
        "Stichting Zonder School",
        "Vereniging Zuid",
    ]


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ({"supplier": "parnassys"}, ["Stichting Kindante", "Stichting Waterland"]),
        ({"supplier": "esis"}, ["Stichting Kindante", "Vereniging Zuid"]),
        ({"supplier": "other"}, ["Schoolbestuur De Kempen"]),
        ({"step": "las", "status": "waiting"}, ["Schoolbestuur De Kempen"]),
        ({"step": "las", "status": "open"}, ["Stichting Zonder School"]),
        ({"stalled": "1"}, ["Stichting Waterland", "Vereniging Zuid"]),
        ({"stalled": "1", "supplier": "esis"}, ["Vereniging Zuid"]),
        ({"q": "kemp"}, ["Schoolbestuur De Kempen"]),
        ({"q": "41004"}, ["Stichting Kindante"]),
        ({"q": "nergens"}, []),
    ],
)
async def test_filters_show_the_right_boards(
    signed_in: Dashboard, query: dict[str, str], names: list[str]
) -> None:
    status, page = await signed_in.get("/dashboard", **query)
    assert status == 200
    assert board_names(page) == names
    if not names:
        assert "Geen besturen gevonden met deze filters." in page


async def test_the_form_keeps_the_chosen_filters_and_the_downloads_follow_them(signed_in: Dashboard) -> None:
    _, page = await signed_in.get("/dashboard", supplier="esis", stalled="1")
    assert '<option value="esis" selected>ESIS</option>' in page
    assert 'name="stalled" type="checkbox" value="1" checked' in page
    assert 'href="/dashboard/export.csv?supplier=esis&amp;stalled=1"' in page
    assert "Voortgang van de besturen met ESIS" in page


@pytest.mark.parametrize(
    "query",
    [
        {"step": "stap9"},
        {"status": "klaar"},
        {"supplier": "magister"},
        {"stalled": "ja"},
        {"page": "0"},
        {"page": "x"},
    ],
)
async def test_a_filter_the_form_cannot_send_is_a_clear_400(
    signed_in: Dashboard, query: dict[str, str]
) -> None:
    status, page = await signed_in.get("/dashboard", **query)
    assert status == 400
    assert "Een van de filters heeft een waarde die niet bestaat" in page


async def test_many_boards_come_in_pages(dashboard: Dashboard) -> None:
    for number in range(53):
        await dashboard.board(f"Bestuur {number:02d}", f"5{number:04d}")
    await dashboard.sign_in()
    _, first = await dashboard.get("/dashboard")
    assert len(board_names(first)) == 50
    assert "Pagina 1 van 2" in first
    assert 'href="/dashboard?page=2" rel="next"' in first
    _, second = await dashboard.get("/dashboard", page="2")
    assert len(board_names(second)) == 3
    assert not set(board_names(first)) & set(board_names(second))


async def test_a_board_shows_its_checklist_and_timeline(signed_in: Dashboard) -> None:
    _, overview = await signed_in.get("/dashboard", q="Waterland")
    board_link = ROW_LINK.findall(overview)[0][0]
    status, page = await signed_in.get(board_link)
    assert status == 200
    assert "<h1>Stichting Waterland</h1>" in page
    assert "41001" in page
    assert "Aangemeld bij Nummervoorziening:" in page and "Ja (23-11-2026)" in page
    assert '<th scope="row">00XY</th>' in page and "ParnasSys" in page
    assert "Nummervoorziening (Kennisnet)" in page and "Nog niet aangeboden" in page
    timeline = page[page.index('class="timeline"') :]
    assert "Bestuur 41001 vastgelegd" in timeline
    assert "LAS van 00XY: ParnasSys" in timeline
    assert "23-11-2026 10:15" in timeline  # 09:15 UTC, shown in Amsterdam's time
    assert timeline.index("LAS van 00XY") < timeline.index("Bestuur 41001 vastgelegd")  # newest first


async def test_an_event_kind_without_a_text_shows_its_kind(signed_in: Dashboard) -> None:
    board = await signed_in.components.service.board_for(Speaker("tenant-1", Actor(key="member-1", name="x")))
    assert board is not None
    words = Words(signed_in.components.content, "nl")
    event = Event(
        board_id=board.id, at=signed_in.clock(), actor_key="k", actor_name="n", kind="step9.future", data={}
    )
    assert event_text(words, board, event) == "step9.future"


async def test_an_unknown_board_is_a_404(signed_in: Dashboard) -> None:
    status, page = await signed_in.get("/dashboard/boards/00000000-0000-0000-0000-000000000000")
    assert status == 404
    assert "Dit bestuur bestaat niet (meer)." in page
    assert (await signed_in.get("/dashboard/boards/" + "x" * 500))[0] == 404


async def test_hostile_names_are_escaped_everywhere(dashboard: Dashboard) -> None:
    board = await dashboard.board(HOSTILE, "41999", las=("parnassys",))
    await dashboard.sign_in()
    for path in ["/dashboard", f"/dashboard/boards/{board.id}"]:
        _, page = await dashboard.get(path, q=HOSTILE) if path == "/dashboard" else await dashboard.get(path)
        assert "<script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "&#34;Stichting&#34;" in page and "&#39;O&#39;&#39;Brien&#39; &amp; Zn" in page
    _, page = await dashboard.get("/dashboard", q=HOSTILE)
    assert board_names(page) == [HOSTILE]
    assert 'value="&lt;script&gt;' in page  # the search box shows the text, escaped


async def test_english_on_request_dutch_by_default(signed_in: Dashboard) -> None:
    _, dutch = await signed_in.get("/dashboard")
    assert '<html lang="nl">' in dutch and "Voortgang van alle besturen" in dutch
    _, english = await signed_in.get("/dashboard", lang="en")
    assert '<html lang="en">' in english and "Progress of all boards" in english
    assert "1. Register with Nummervoorziening" in english  # the bot's own English step titles
    assert '<span class="badge st-in_progress">In progress</span>' in english
    assert 'href="/dashboard/questions?lang=en"' in english  # the choice follows the links
    response = await signed_in.client.get("/dashboard", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert "Progress of all boards" in await response.text()


async def test_the_questions_page_shows_where_the_knowledge_base_fails(signed_in: Dashboard) -> None:
    components = signed_in.components
    helpdesk = components.helpdesk
    staff = Speaker("tenant-1", Actor(key="member-1", name="Member 1"))
    entry = components.content.knowledge.entries[0]
    await helpdesk.log_question(staff, None, "answer", entry.id, 0.9, "wat is het eck id")
    await helpdesk.log_question(staff, None, "suggest", None, 0.5, "iets over leveranciers")
    await helpdesk.log_question(staff, None, "unknown", None, 0.1, "<b>waar parkeer ik</b>")
    for helpful in (False, False, True):
        await helpdesk.feedback(staff, None, entry.id, helpful)

    status, page = await signed_in.get("/dashboard/questions")
    assert status == 200
    figures = dict(re.findall(r"<dt>([^<]+)</dt><dd>(\d+)</dd>", page))
    assert figures["Beantwoord"] == "1"
    assert figures["Vragen voorgesteld"] == "1"
    assert figures["Niet geweten"] == "1"
    assert figures["Doorgezet naar een medewerker"] == "0"
    row = re.search(r"<tr>\s*<th scope=\"row\">(.*?)</tr>", page, re.S)
    assert row is not None
    assert html.escape(entry.question.nl, quote=True).replace("&#x27;", "&#39;") in row.group(1)
    assert re.findall(r'<td class="num">(\d+)</td>', row.group(1)) == ["2", "1"]
    assert "&lt;b&gt;waar parkeer ik&lt;/b&gt;" in page


async def test_messages_that_did_not_arrive_show_with_their_board_and_why(dashboard: Dashboard) -> None:
    board = await dashboard.board(HOSTILE, "41009")
    outbox = dashboard.components.outbox
    now = dashboard.clock()
    reference = {"conversation": {"id": "a:1"}, "serviceUrl": "http://127.0.0.1:9/"}
    for key, person in (("reminder:1", "p1"), ("alert:1", "p2")):
        await outbox.enqueue(NewMessage(key, key.split(":")[0], person, reference, [], board.id), now)
    claimed = {m.kind: m for m in await outbox.claim("sender", now, timedelta(seconds=60), 10)}
    await outbox.give_up(claimed["reminder"].id, "sender", "502")
    await outbox.mark_unreachable("p2", now)
    await dashboard.sign_in()

    status, page = await dashboard.get("/dashboard")

    assert status == 200
    assert 'Berichten die niet aankwamen <span class="count">(2)</span>' in page
    assert "Opgegeven (laatste fout: 502)" in page and "De ontvanger heeft de bot verwijderd" in page
    assert str(escape(HOSTILE)) in page and "<script>alert(1)" not in page
