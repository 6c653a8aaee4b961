"""The whole journey, as a board member walks it in Teams: buttons, forms and a completed checklist."""

from __future__ import annotations

from bot.onboarding.models import StepId, StepStatus
from tests.flow import Flow


async def walk_step1(flow: Flow) -> None:
    await flow.user("stap 1")
    flow.bot_says("Wat is het bevoegd-gezagnummer van uw bestuur?")
    await flow.fill("41234")
    flow.bot_says("Gekoppeld aan", "Hoe heet uw schoolbestuur?")
    await flow.fill("Stichting De Linde")
    flow.bot_says("Nummervoorziening maakt de ECK iD's", "Aanmeldformulier Nummervoorziening")
    await flow.click("Verder")
    flow.bot_says("Heeft uw bestuur zich al aangemeld bij Nummervoorziening?")
    await flow.click("Ja, gedaan")
    flow.bot_says("✔ Ja, gedaan", "Vastgelegd door Anne de Vries", "Op welke datum heeft u zich aangemeld?")
    await flow.fill("2026-11-20")
    flow.bot_says("Welke scholen vallen onder het bestuur?")
    await flow.click("School toevoegen")
    await flow.fill("01AB")
    flow.bot_says("Hoe heet school 01AB?")
    await flow.fill("De Regenboog")
    flow.bot_says("Wie is de operationele contactpersoon van De Regenboog?")
    await flow.fill("directeur")
    await flow.click("School toevoegen")
    await flow.fill("02CD")
    await flow.fill("Het Kompas")
    await flow.fill("administratief medewerker")
    flow.bot_says("01AB De Regenboog", "02CD Het Kompas")
    await flow.click("Klaar")
    flow.bot_says("Stap 1, Aanmelden bij Nummervoorziening, is klaar.")


async def test_the_whole_journey_ends_in_a_completed_checklist(flow: Flow) -> None:
    await flow.install()
    flow.bot_says("Welkom bij de ECK iD-wegwijzer", "De vijf stappen")

    await walk_step1(flow)

    await flow.click("Stap 2 van 5 · LAS-leverancier inlichten")
    flow.bot_says("Voor welke school wilt u de LAS-leverancier inlichten?")
    await flow.click("01AB De Regenboog · nog geen LAS gekozen")
    flow.bot_says("Welk leerlingadministratiesysteem (LAS) gebruikt De Regenboog?")
    assert flow.buttons() == [
        "ESIS",
        "ParnasSys",
        "School OAS (Dotcomschool)",
        "Unilogic",
        "Een ander systeem",
    ]
    await flow.click("ParnasSys")
    flow.bot_says("Laat ParnasSys weten", "https://nieuws.parnassys.nl/eck-id/", "Gegevens uit 2018")
    await flow.click("Verder")
    await flow.click("Ja, gedaan")
    await flow.click("02CD Het Kompas · nog geen LAS gekozen")
    await flow.click("ESIS")
    flow.bot_says("info@rovict.nl", "035 603 60 80", "Schrijf een e-mail")
    mail = next(c for c in flow._find_choice_list() if c.title == "Schrijf een e-mail")
    assert mail.url and mail.url.startswith("mailto:info@rovict.nl?subject=")
    await flow.click("Verder")
    await flow.click("Ja, gedaan")
    await flow.click("Klaar")
    flow.bot_says("Stap 2, LAS-leverancier inlichten, is klaar.")

    await flow.user("stap 3")
    flow.bot_says(
        "Wat staat er in een verwerkersovereenkomst?", "De privacybijsluiter", "De beveiligingsbijlage"
    )
    await flow.click("Verder")
    flow.bot_says("Nummervoorziening (Kennisnet) · Nog niet aangeboden", "ParnasSys · Nog niet aangeboden")
    for agreement in ("Nummervoorziening (Kennisnet)", "ParnasSys", "ESIS"):
        await flow.click(f"{agreement} · Nog niet aangeboden")
        await flow.click("Getekend retour")
        flow.bot_says(f"Wie heeft de overeenkomst met {agreement} getekend?")
        await flow.click("De bestuurder")
    await flow.click("Andere leverancier toevoegen")
    await flow.fill("Uitgeverij Voorbeeld")
    flow.bot_says("Hoe is Uitgeverij Voorbeeld aangesloten bij het privacyconvenant?")
    await flow.click("Deelnemer")
    flow.bot_says("modelverwerkersovereenkomst")
    await flow.click("Verder")
    await flow.click("Getekend retour")
    await flow.click("Een gemandateerde")
    flow.bot_says("Wie is gemandateerd om te tekenen?")
    await flow.fill("directeur bedrijfsvoering")
    await flow.click("Klaar")
    flow.bot_says("Stap 3, Privacy: verwerkersovereenkomsten, is klaar.")

    await flow.user("stap 4")
    flow.bot_says("Stichting De Linde gaat met ingang van het nieuwe schooljaar werken met het ECK iD")
    await flow.click("Verder")
    await flow.click("Ja, gedaan")
    await flow.fill("administratie alle scholen")
    await flow.click("Ja, gedaan")
    await flow.fill("ICT-coördinator")
    flow.bot_says("Stap 4, Administratie en ICT inlichten, is klaar.")

    await flow.user("stap 5")
    flow.bot_says("Hier leest u meer over het ECK iD", "ParnasSys", "ESIS")
    await flow.click("Verder")
    await flow.click("Ja")
    flow.bot_says("Stap 5, Meer informatie, is klaar.", "Alle vijf stappen zijn klaar.")

    await flow.user("status")
    flow.bot_says(
        "Voortgang van Stichting De Linde (41234)",
        "Alle vijf stappen zijn klaar",
        "02CD Het Kompas: ESIS ingelicht",
        "Uitgeverij Voorbeeld: Getekend retour · getekend door directeur bedrijfsvoering",
        "ICT ingelicht: ICT-coördinator",
    )
    board = await flow.components.service.board_for(flow.adapter_speaker())
    assert board is not None
    assert all(board.step(step).status == StepStatus.DONE for step in StepId)
