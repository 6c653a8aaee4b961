"""Demo boards walked through the real onboarding service, each answer at its own moment."""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta

from bot.demo_data.memory_store import MemoryStore
from bot.onboarding.clock import FixedClock
from bot.onboarding.models import Actor, Board, Event, StepId
from bot.onboarding.progress import StepRule
from bot.onboarding.recorders import OTHER_LAS, Answer
from bot.onboarding.service import OnboardingService, Speaker
from bot.onboarding.validators import bg_number as checked_bg_number

DEMO_TENANT = "eckbot-demo"
MAX_BOARDS = 9_999  # the numbers 00001 to 09999
STALLED_DAYS = 14  # the default stall period: demo stalls lie beyond it

_PLACES = (
    "Noorderlicht", "Kompas", "Horizon", "Zonnewijzer", "Vlindertuin", "Klimop", "Regenboog",
    "Duinrand", "Polderwind", "Waterlelie", "Sterrenwacht", "Molenwiek", "Eikenhout", "Zeester",
)  # fmt: skip
_KINDS = ("Primair Onderwijs", "Scholengroep", "Onderwijsgroep", "Kindcentra", "Voortgezet Onderwijs")
_ROLES = ("directeur", "intern begeleider", "administratief medewerker", "ICT-coördinator")
_SUPPLIER_WEIGHTS = {"parnassys": 5, "esis": 3, "dotcomschool": 2, "unilogic": 1}

Action = tuple[StepId, str, str, str | None]  # step, recorder, value, item ("@n": the n-th added supplier)


def demo_number(n: int) -> str:
    """The n-th demo board's bevoegd-gezagnummer: 0 and four digits, valid but never handed out."""
    return checked_bg_number(f"0{n:04d}", date.today())


def _script(rng: random.Random, n: int) -> list[Action]:
    """Everything a board answers on its way to done, in the order most boards go."""
    name = f"Stichting Demo {rng.choice(_PLACES)} {rng.choice(_KINDS)} {n}"
    schools = [f"{i:02d}DM" for i in range(1, 1 + min(40, int(rng.paretovariate(0.85))))]
    suppliers = list(_SUPPLIER_WEIGHTS)
    main_las = rng.choices(suppliers, weights=list(_SUPPLIER_WEIGHTS.values()))[0]
    actions: list[Action] = [(StepId.NUMMERVOORZIENING, "set_board_name", name, None)]
    if rng.random() < 0.3:  # first not yet registered, later they are
        actions.append((StepId.NUMMERVOORZIENING, "set_registration", "no", None))
    registered_on = date.today() - timedelta(days=rng.randint(300, 700))  # before any answer
    actions += [
        (StepId.NUMMERVOORZIENING, "set_registration", "yes", None),
        (StepId.NUMMERVOORZIENING, "set_registration_date", registered_on.isoformat(), None),
    ]
    for i, brin in enumerate(schools, start=1):
        actions += [
            (StepId.NUMMERVOORZIENING, "add_school", brin, None),
            (StepId.NUMMERVOORZIENING, "set_school_name", f"Demoschool {rng.choice(_PLACES)} {i}", brin),
            (StepId.NUMMERVOORZIENING, "set_school_contact_role", rng.choice(_ROLES), brin),
        ]
    waiting = rng.random() < 0.08  # one school on another system: waiting on Edu-K for good
    agreements = ["nummervoorziening"]
    for i, brin in enumerate(schools):
        if waiting and i == len(schools) - 1:
            actions.append((StepId.LAS, "set_school_las", OTHER_LAS, brin))
            continue
        las = main_las if rng.random() < 0.8 else rng.choice(suppliers)
        actions.append((StepId.LAS, "set_school_las", las, brin))
        if rng.random() < 0.5:  # not told yet when first asked
            actions.append((StepId.LAS, "set_supplier_told", "no", brin))
        actions.append((StepId.LAS, "set_supplier_told", "yes", brin))
        agreements += [] if f"las-{las}" in agreements else [f"las-{las}"]
    for k in range(rng.choice((0, 0, 0, 1, 2))):
        covenant = rng.choice(("participant", "supporter", "unknown"))
        actions += [
            (StepId.AGREEMENTS, "add_other_supplier", f"Demo Leverancier {rng.choice(_PLACES)} {k}", None),
            (StepId.AGREEMENTS, "set_covenant_status", covenant, f"@{k}"),
        ]
        agreements.append(f"@{k}")
    for agreement in agreements:
        actions += [
            (StepId.AGREEMENTS, "set_agreement_state", state, agreement)
            for state in ("offered", "reviewed", "signed")
        ]
        if rng.random() < 0.2:
            actions.append((StepId.AGREEMENTS, "set_agreement_mandate", "Demo Gemandateerde", agreement))
        else:
            actions.append((StepId.AGREEMENTS, "set_agreement_signer", "bestuurder", agreement))
        actions.append((StepId.AGREEMENTS, "set_agreement_state", "returned", agreement))
    return [
        *actions,
        (StepId.ALERT, "alert_administration", "Demo Administratie", None),
        (StepId.ALERT, "alert_ict", "Demo ICT", None),
        (StepId.MORE_INFO, "touch", "", None),
        (StepId.MORE_INFO, "mark_info_read", "yes", None),
    ]


def _cut(rng: random.Random, actions: list[Action]) -> list[Action]:
    """Where the board is now: some just started, some done, most somewhere on the way."""
    roll = rng.random()
    if roll < 0.03:
        return []
    if roll < 0.06:
        return actions[:1]
    if roll < 0.22:
        return actions
    # Most boards have come some way by now: a cut towards the end is likelier than one at the start.
    return actions[: 2 + int((len(actions) - 2) * rng.random() ** 0.6)]


def _times(rng: random.Random, count: int, now: datetime, last_days_ago: float) -> list[datetime]:
    """COUNT moments, in sittings of a few minutes spread over the past months, the last one
    LAST_DAYS_AGO."""
    end = now - timedelta(days=last_days_ago)
    start = end - timedelta(days=rng.uniform(10, 180))
    sittings = max(1, min(count, rng.randint(1, 2 + count // 8)))
    per_sitting = -(-count // sittings)
    begins = [start + (end - start) * rng.random() for _ in range(sittings - 1)] + [end]
    times: list[datetime] = []
    for begin in begins:
        moment = begin - timedelta(seconds=90 * per_sitting)
        for _ in range(per_sitting):
            moment += timedelta(seconds=rng.randint(20, 150))
            times.append(min(moment, end))
    times = sorted(times)[-count:]
    times[-1] = end
    return times


def _last_days_ago(rng: random.Random, done: bool, stalled_days: int) -> float:
    """Done boards finished over the past months; of the others, some stalled for weeks."""
    if done:
        return rng.uniform(0.5, 90)
    if rng.random() < 0.3:
        return rng.uniform(stalled_days + 1, stalled_days + 56)
    return rng.uniform(0.05, max(0.1, stalled_days - 1))


async def _walk(
    n: int,
    rng: random.Random,
    now: datetime,
    rules: Mapping[StepId, StepRule],
    names: Mapping[str, str],
    stalled_days: int,
) -> tuple[Board, list[Event]]:
    """One board through the real service, each answer at its own moment."""
    actions = _script(rng, n)
    taken = _cut(rng, actions)
    times = _times(rng, len(taken) + 1, now, _last_days_ago(rng, len(taken) == len(actions), stalled_days))
    clock = FixedClock(times[0])
    store = MemoryStore()
    service = OnboardingService(store, rules, names, clock)
    people = [Actor(key=f"demo-person-{n}-{i}", name=f"Demo-medewerker {i}") for i in (1, 2, 3)]
    speaker = Speaker(DEMO_TENANT, people[0])
    board = await service.identify_board(speaker, demo_number(n))
    added: list[str] = []
    for (step, recorder, value, item), at in zip(taken, times[1:], strict=True):
        clock.advance(seconds=(at - clock()).total_seconds())
        speaker = Speaker(DEMO_TENANT, rng.choice(people))
        if recorder == "touch":
            await service.touch(speaker, board.id, step)
            continue
        if item and item.startswith("@"):
            item = added[int(item[1:])]
        outcome = await service.record(speaker, board.id, step, recorder, Answer(value, item))
        if recorder == "add_other_supplier" and outcome.selected:
            added.append(outcome.selected)
    return store.boards[board.id], store.events[board.id]


async def build_demo_boards(
    count: int,
    seed: int,
    rules: Mapping[StepId, StepRule],
    supplier_names: Mapping[str, str],
    now: datetime | None = None,
    numbers: list[int] | None = None,
    stalled_days: int = STALLED_DAYS,
) -> list[tuple[Board, list[Event]]]:
    """COUNT demo boards with their events (numbered from NUMBERS, else 1, 2, ...): the same
    names, stages and moments for the same seed and the same NOW."""
    now = now or datetime.now(UTC)
    chosen = numbers if numbers is not None else list(range(1, count + 1))
    return [
        await _walk(n, random.Random(f"{seed}:{n}"), now, rules, supplier_names, stalled_days)
        for n in chosen[:count]
    ]
