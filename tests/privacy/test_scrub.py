"""A board document without a person's name: stamps and free text that named them, nothing else."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.onboarding.models import Agreement, AgreementKind, AlertRecord, Audience, Board, School, Stamp
from bot.privacy.scrub import scrub_board, stamps_by

AT = datetime(2026, 11, 23, 9, 15, tzinfo=UTC)


def board() -> Board:
    anne, bert = Stamp(at=AT, by="Anne de Vries"), Stamp(at=AT, by="Bert Jansen")
    made = Board(id="b", tenant_id="t", bg_number="41234", name="Stichting De Linde", created=anne)
    made.schools = [School(brin="01AB", name="De Regenboog", added=anne, supplier_told=bert)]
    made.agreements = [
        Agreement(
            id="a", kind=AgreementKind.OTHER, supplier_name="X", mandated_to="anne de vries", changed=bert
        )
    ]
    made.alerts = [AlertRecord(audience=Audience.ICT, who="Anne de Vries en Annemarie Bos", told=bert)]
    return made


def test_only_the_persons_name_goes() -> None:
    scrubbed = board()
    assert stamps_by(scrubbed, {"Anne de Vries"}) == 2

    changed = scrub_board(scrubbed, {"Anne de Vries", "?"})

    assert changed == 4
    assert (scrubbed.created.by, scrubbed.schools[0].added.by) == ("", "")
    assert (
        scrubbed.schools[0].supplier_told is not None
        and scrubbed.schools[0].supplier_told.by == "Bert Jansen"
    )
    assert scrubbed.agreements[0].mandated_to == ""
    assert scrubbed.alerts[0].who == "en Annemarie Bos"  # a longer name that starts the same stays
    assert (scrubbed.name, scrubbed.schools[0].name, scrubbed.created.at) == (
        "Stichting De Linde",
        "De Regenboog",
        AT,
    )


def test_nothing_changes_for_a_name_that_is_not_there_or_unknown() -> None:
    untouched = board()

    assert scrub_board(untouched, {"Clara Smit", "?", ""}) == 0
    assert untouched == board()
