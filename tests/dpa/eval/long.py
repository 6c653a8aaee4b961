# ruff: noqa: E501  (agreement text: one paragraph per line, as documents have it)
"""A long agreement (about 30 pages as a PDF): the model with a service description as annex 3.

Suppliers often attach their service description and service levels to the processing agreement;
that annex is long and says nothing about the elements the review checks, so the expected
statuses are those of the model. It measures the review's speed on a 30-page document.
"""

from __future__ import annotations

from dataclasses import replace

from tests.dpa.eval.model_parts import load_model

MODULES: tuple[tuple[str, str], ...] = (
    ("Leerlingenadministratie", "inschrijvingen, groepsindelingen, vakkenpakketten en overgangen"),
    ("Personeelsadministratie", "aanstellingen, taakbelasting, vervangingen en nascholing"),
    ("Uurroosters", "lesroosters, lokaalplanning, toetsweken en roosterwijzigingen"),
    ("Leerlingvolgsysteem", "observaties, toetsresultaten, handelingsplannen en groepsoverzichten"),
    ("Zorgmodule", "ondersteuningsbehoeften, overleggen met het zorgteam en afspraken met ouders"),
    ("Communicatie", "berichten aan ouders, nieuwsbrieven, agenda's en gespreksplanning"),
    ("Evaluatie en rapporten", "rapportcijfers, rapportsjablonen, rapportvergaderingen en overgangsnormen"),
    ("Digitaal leren", "cursussen, opdrachten, inleverpunten en feedback van docenten"),
    ("Stages en werkplekken", "stageplaatsen, stageovereenkomsten, begeleiding en beoordeling"),
    ("Financieel beheer", "schoolkosten, ouderbijdragen, facturen en betalingsherinneringen"),
    (
        "Aanwezigheid",
        "absentieregistratie, verlofaanvragen, te laat komen en meldingen aan de leerplichtambtenaar",
    ),
    (
        "Koppelingen",
        "uitwisseling met het administratiesysteem, Entree Federatie en uitgevers van leermiddelen",
    ),
    ("Beheer en instellingen", "schooljaren, gebruikersrollen, sjablonen en schoolspecifieke instellingen"),
    ("Rapportage en dashboards", "overzichten voor schoolleiding, bestuur en inspectie"),
    ("Ouderportaal", "inzage voor ouders in rooster, cijfers, absenties en mededelingen"),
)

SECTIONS: tuple[tuple[str, str], ...] = (
    (
        "Functionaliteit",
        "De module {module} ondersteunt de school bij {scope}. De module is volledig webgebaseerd en werkt in de gangbare browsers op computers, laptops en tablets. Gebruikers werken met overzichtelijke schermen waarin zij kunnen filteren op schooljaar, locatie, afdeling en groep. Lijsten kunnen worden afgedrukt en geëxporteerd naar een spreadsheet, zodat de school ook buiten het platform met de overzichten kan werken. De module sluit aan op de andere modules van het platform, zodat gegevens maar één keer hoeven te worden ingevoerd.",
    ),
    (
        "Gebruikersrollen",
        "Binnen de module {module} onderscheidt het platform de rollen schoolleider, administratief medewerker, docent, mentor en, waar van toepassing, ouder en leerling. De school bepaalt zelf welke medewerker welke rol krijgt en kan rollen per locatie of afdeling toekennen. Een gebruiker ziet alleen de schermen en handelingen die bij zijn rol horen. Wijzigingen in rollen gaan direct in en worden vastgelegd in het wijzigingsoverzicht van de school.",
    ),
    (
        "Beschikbaarheid",
        "Het platform, en daarmee de module {module}, is beschikbaar op alle dagen van het jaar, met een beoogde beschikbaarheid van 99,5 procent per kalendermaand, gemeten over de uren tussen 7.00 en 22.00 uur. Gepland onderhoud vindt plaats buiten schooltijden, bij voorkeur op woensdagavond na 20.00 uur of in het weekend, en wordt ten minste vijf werkdagen van tevoren aangekondigd in het platform. Onderhoud in de toetsweken en in de weken van de rapportvergaderingen wordt zoveel mogelijk vermeden.",
    ),
    (
        "Ondersteuning",
        "Voor vragen over de module {module} kan de school terecht bij de servicedesk, die op werkdagen bereikbaar is tussen 8.00 en 17.00 uur, per telefoon, e-mail en via het klantportaal. Vragen worden afgehandeld op volgorde van urgentie: een storing waardoor de module niet bruikbaar is, wordt binnen een uur opgepakt; een vraag over het gebruik binnen één werkdag. De school wijst ten minste één vaste contactpersoon aan die vragen van collega's bundelt en doorgeeft.",
    ),
    (
        "Nieuwe versies",
        "De module {module} wordt doorlopend doorontwikkeld op basis van wensen van scholen en veranderingen in regelgeving. Nieuwe versies worden ten minste een week voor de invoering beschreven in de releasenotes in het klantportaal. Grote veranderingen in de werking worden eerst getest met een groep pilotscholen en worden bij voorkeur ingevoerd aan het begin van een schooljaar of na een vakantie, zodat gebruikers tijd hebben om eraan te wennen.",
    ),
    (
        "Opleiding en documentatie",
        "Bij de ingebruikname van de module {module} biedt de leverancier een introductiebijeenkomst op afstand aan voor de beheerders van de school, en een online handleiding met korte instructiefilms voor alle gebruikers. Nieuwe medewerkers van de school kunnen op elk moment deelnemen aan de maandelijkse online introductiesessies. Op verzoek verzorgt de leverancier een training op locatie tegen het dan geldende dagtarief.",
    ),
    (
        "Afspraken over gebruik",
        "De school zorgt ervoor dat gebruikers de module {module} gebruiken volgens de handleiding en de gebruiksregels in het platform, en dat zij hun inloggegevens niet delen met anderen. De school meldt vermoedelijke fouten in de module zo snel mogelijk bij de servicedesk, met een beschrijving van de stappen waarmee de fout kan worden nagespeeld. De leverancier lost fouten op in de eerstvolgende versie, of eerder wanneer de fout het werk van de school ernstig belemmert.",
    ),
)


def service_annex() -> str:
    lines = [
        "BIJLAGE 3: Dienstbeschrijving en serviceniveaus",
        "",
        "Deze bijlage beschrijft de modules van het platform, de serviceniveaus en de ondersteuning die de leverancier biedt. Zij hoort bij de Product- en Dienstenovereenkomst en is ter informatie bij deze Verwerkersovereenkomst gevoegd.",
        "",
    ]
    for number, (module, scope) in enumerate(MODULES, start=1):
        lines += [f"{number}. Module {module}", ""]
        for index, (title, text) in enumerate(SECTIONS, start=1):
            lines += [f"{number}.{index} {title}", "", text.format(module=module, scope=scope), ""]
    return "\n\n" + "\n".join(lines)


def long_agreement() -> str:
    """The model with a service description annex: about 30 pages as a PDF."""
    model = load_model()
    closing = model.closing.rstrip("\n") + "\n\nBijlage 3: Dienstbeschrijving en serviceniveaus\n\n"
    return replace(model, closing=closing, extra_annexes=[service_annex()]).render()
