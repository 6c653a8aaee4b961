# ruff: noqa: E501  (agreement text: one sentence per line, as documents have it)
"""Dutch passages the variants write into the model: other headings, paraphrases, deviations.

Each edit is (article number in the model, passage in the model, what replaces it); the passage
must occur exactly once in that article, so a change in the model makes the generator fail.
"""

from __future__ import annotations

HEADINGS: dict[int, tuple[str, ...]] = {
    2: ("Voorwerp van deze overeenkomst", "Reikwijdte en opdracht"),
    3: ("Rollen van partijen", "Verhouding tussen partijen"),
    4: ("Doelbinding", "Verwerking uitsluitend in opdracht"),
    5: ("Vertrouwelijkheid", "Geheimhoudingsplicht"),
    6: ("Informatiebeveiliging en toezicht", "Technische en organisatorische maatregelen; controle"),
    7: ("Datalekken", "Beveiligingsincidenten en datalekken"),
    8: ("Verzoeken van betrokkenen", "Rechten van betrokkenen"),
    9: ("Doorgifte naar derde landen", "Locatie van de verwerking"),
    10: ("Inzet van derden (subverwerkers)", "Sub-verwerkers"),
    11: ("Bewaren, teruggeven en verwijderen van gegevens", "Einde van de verwerking en verwijdering"),
    12: ("Schade en aansprakelijkheid", "Aansprakelijkheid"),
    13: ("Rangorde en wijzigingen", "Voorrang en wijziging"),
    14: ("Looptijd en einde", "Inwerkingtreding en looptijd"),
}

# (article, sentence in the model, paraphrase): key sentences said in other words
PARAPHRASES: tuple[tuple[int, str, str], ...] = (
    (
        4,
        "Verwerker verplicht zich om de Persoonsgegevens, die verkregen zijn van de Verwerkingsverantwoordelijke, niet voor andere doeleinden of op andere wijze te gebruiken dan voor het doel, en de wijze waarvoor, de gegevens zijn verstrekt of aan hem bekend zijn geworden.",
        "Verwerker gebruikt de Persoonsgegevens die hij van de school ontvangt alleen voor het doel waarvoor zij hem zijn toevertrouwd, en op de wijze die daarbij is afgesproken; ander gebruik is uitgesloten.",
    ),
    (
        5,
        "Verwerker zorgt ervoor dat eenieder, waaronder zijn werknemers, vertegenwoordigers en/of Subverwerkers, die betrokken is bij de Verwerking van de Persoonsgegevens deze gegevens als vertrouwelijk behandelt en de geheimhoudingsplicht naleeft, zowel tijdens als na de afloop de overeenkomst.",
        "Iedereen die namens Verwerker met de Persoonsgegevens werkt, zijn personeel en inhuurkrachten en ook zijn Subverwerkers, houdt die gegevens geheim, tijdens de looptijd en ook nadat de overeenkomst is geëindigd.",
    ),
    (
        7,
        "dan zal deze de andere Partij zonder onredelijke vertraging informeren conform de afspraken zoals neergelegd in Bijlage 2.",
        "dan meldt hij dat onverwijld, en in elk geval binnen 24 uur na ontdekking, aan de andere Partij, op de wijze die Bijlage 2 beschrijft.",
    ),
    (
        10,
        "De Verwerker licht de Verwerkingsverantwoordelijke in over beoogde veranderingen inzake de toevoeging of vervanging van andere Subverwerkers, waarbij de Verwerkingsverantwoordelijke de mogelijkheid wordt geboden tegen deze veranderingen bezwaar te maken.",
        "Wil Verwerker een Subverwerker toevoegen of vervangen, dan laat hij dat de Verwerkingsverantwoordelijke vooraf weten; deze kan binnen vier weken na die mededeling bezwaar maken tegen de wijziging.",
    ),
    (
        11,
        "Verwerker zal Verwerkingsverantwoordelijke (schriftelijk of elektronisch) bevestigen dat vernietiging van de Verwerkte persoonsgegevens heeft plaatsgevonden.",
        "Verwerker laat de Verwerkingsverantwoordelijke per brief of e-mail weten dat de gegevens overal zijn gewist.",
    ),
    (
        6,
        "heeft de Verwerkingsverantwoordelijke het recht om, in overleg met de Verwerker en met inachtneming van een redelijke termijn, op eigen kosten, de door Verwerker genomen technische en organisatorische beveiligingsmaatregelen te laten toetsen door een onafhankelijke auditor.",
        "mag de Verwerkingsverantwoordelijke, na overleg en met een redelijke aankondigingstermijn, op eigen kosten een onafhankelijke deskundige laten controleren of de beveiliging van Verwerker op orde is.",
    ),
)


# -- deviations, and passages that look like them but are not -------------------------

BREACH_5_DAYS = (
    7,
    "dan zal deze de andere Partij zonder onredelijke vertraging informeren conform de afspraken zoals neergelegd in Bijlage 2.",
    "dan informeert Verwerker de Verwerkingsverantwoordelijke binnen vijf (5) werkdagen nadat Verwerker het onderzoek naar de Inbreuk heeft afgerond, conform de afspraken zoals neergelegd in Bijlage 2.",
)
BREACH_72_HOURS = (
    7,
    "dan zal deze de andere Partij zonder onredelijke vertraging informeren conform de afspraken zoals neergelegd in Bijlage 2.",
    "dan informeert Verwerker de Verwerkingsverantwoordelijke uiterlijk binnen 72 uur na de vaststelling, conform de afspraken zoals neergelegd in Bijlage 2.",
)
BREACH_24_HOURS = (
    7,
    "dan zal deze de andere Partij zonder onredelijke vertraging informeren conform de afspraken zoals neergelegd in Bijlage 2.",
    "dan zal deze de andere Partij zonder onredelijke vertraging, en uiterlijk binnen 24 uur na ontdekking, informeren conform de afspraken zoals neergelegd in Bijlage 2.",
)
BREACH_DISCRETION = (
    7,
    "dan zal deze de andere Partij zonder onredelijke vertraging informeren conform de afspraken zoals neergelegd in Bijlage 2.",
    "dan beoordeelt Verwerker zelf of de Inbreuk ernstig genoeg is om te melden. Verwerker is niet verplicht de Verwerkingsverantwoordelijke te informeren over Inbreuken die naar het oordeel van Verwerker geen hoog risico inhouden.",
)
BREACH_HIGH_RISK = (
    7,
    "3. Partijen informeren elkaar onverwijld indien een vermoeden bestaat dat de Inbreuk in verband met persoonsgegevens een hoog risico inhoudt voor de rechten en vrijheden van natuurlijke personen.\n",
    "",
)
OWN_PURPOSES = (
    4,
    "Deze verplichting geldt zowel gedurende de looptijd van deze overeenkomst als na afloop daarvan.",
    "Deze verplichting geldt zowel gedurende de looptijd van deze overeenkomst als na afloop daarvan. In afwijking hiervan is Verwerker gerechtigd de Persoonsgegevens daarnaast te gebruiken voor eigen doeleinden, waaronder het analyseren van het gebruik van het platform en de verbetering en doorontwikkeling van zijn producten en diensten.",
)
SELLING = (
    4,
    "Deze verplichting geldt zowel gedurende de looptijd van deze overeenkomst als na afloop daarvan.",
    "Deze verplichting geldt zowel gedurende de looptijd van deze overeenkomst als na afloop daarvan. Verwerker mag de gegevens van gebruikers evenwel inzetten voor marketing van eigen producten en van producten van partners, en mag gepseudonimiseerde gebruiksgegevens aan derden verkopen.",
)
NOT_FOR_OWN_PURPOSES = (
    4,
    "Deze verplichting geldt zowel gedurende de looptijd van deze overeenkomst als na afloop daarvan.",
    "Deze verplichting geldt zowel gedurende de looptijd van deze overeenkomst als na afloop daarvan. Verwerker gebruikt de Persoonsgegevens dus niet voor eigen doeleinden zoals marketing, productverbetering of analyse van gebruikersgedrag, en verkoopt geen gegevens aan derden.",
)
TRANSFERS_UNSAFE = (
    9,
    "1. Partijen zien erop toe dat voor zover Persoonsgegevens buiten de EER worden Verwerkt, dit alleen plaatsvindt conform wettelijke voorschriften, en eventuele verplichtingen die in dit verband op Onderwijsinstellingen rusten. Indien gegevens buiten de EER worden verwerkt, wordt dit in Bijlage 1 aangegeven, inclusief een opgave van de landen waar de gegevens worden verwerkt en de waarborgen.",
    "1. Verwerker is vrij om Persoonsgegevens te verwerken in, en door te geven naar, landen buiten de EER, waaronder de Verenigde Staten en India, waar Verwerker en zijn Subverwerkers over faciliteiten beschikken. Aanvullende waarborgen of toestemming van de Verwerkingsverantwoordelijke zijn daarvoor niet vereist.",
)
TRANSFERS_SAFE = (
    9,
    "Indien gegevens buiten de EER worden verwerkt, wordt dit in Bijlage 1 aangegeven, inclusief een opgave van de landen waar de gegevens worden verwerkt en de waarborgen.",
    "Voor de ondersteuning vanuit de Verenigde Staten door een Subverwerker zijn de standaardcontractbepalingen van de Europese Commissie (modules 3) gesloten en heeft Verwerker aanvullende maatregelen getroffen, waaronder versleuteling met sleutels die binnen de EER blijven; dit staat in Bijlage 1, met de landen en de waarborgen.",
)
SUBPROCESSORS_SILENT = (
    10,
    "2. De Verwerker licht de Verwerkingsverantwoordelijke in over beoogde veranderingen inzake de toevoeging of vervanging van andere Subverwerkers, waarbij de Verwerkingsverantwoordelijke de mogelijkheid wordt geboden tegen deze veranderingen bezwaar te maken.",
    "2. Verwerker kan zonder voorafgaande kennisgeving nieuwe Subverwerkers inschakelen of bestaande vervangen. De Verwerkingsverantwoordelijke heeft geen recht om bezwaar te maken tegen de inschakeling van een Subverwerker.",
)
NO_DELETION = (
    11,
    "2. De Verwerker is verplicht om de in opdracht van Verwerkingsverantwoordelijke verwerkte Persoonsgegevens na het verstrijken van de bewaartermijn of bij de beëindiging van de Product- en Dienstenovereenkomst te (doen) vernietigen en dit op alle locaties, tenzij de Persoonsgegevens langer bewaard moeten worden, zoals in het kader van wettelijke verplichtingen.",
    "2. Na beëindiging van de Product- en Dienstenovereenkomst blijven de Persoonsgegevens in de systemen van Verwerker bewaard; Verwerker is niet verplicht de Persoonsgegevens te vernietigen of terug te geven.",
)
NO_CONFIRMATION = (
    11,
    "3. Verwerker zal Verwerkingsverantwoordelijke (schriftelijk of elektronisch) bevestigen dat vernietiging van de Verwerkte persoonsgegevens heeft plaatsgevonden.",
    "3. Verwerker is niet gehouden aan Verwerkingsverantwoordelijke te bevestigen dat de vernietiging heeft plaatsgevonden; een verklaring van vernietiging wordt niet afgegeven.",
)
SILENT_NO_CONFIRMATION = (
    11,
    "3. Verwerker zal Verwerkingsverantwoordelijke (schriftelijk of elektronisch) bevestigen dat vernietiging van de Verwerkte persoonsgegevens heeft plaatsgevonden.",
    "",
)
NO_AUDIT_4 = (
    6,
    "Naast rapportages door de Verwerker kan dat aan de hand van, maar niet beperkt tot, een geldige certificering of een gelijkwaardig controle- of bewijsmiddel.",
    "Verwerker verstrekt daartoe uitsluitend een eigen schriftelijke verklaring; certificeringen of andere controle- of bewijsmiddelen worden niet verstrekt.",
)
NO_AUDIT_5 = (
    6,
    "5. Ongeacht de in bovenstaande alinea's opgesomde maatregelen, heeft de Verwerkingsverantwoordelijke het recht om, in overleg met de Verwerker en met inachtneming van een redelijke termijn, op eigen kosten, de door Verwerker genomen technische en organisatorische beveiligingsmaatregelen te laten toetsen door een onafhankelijke auditor. Partijen kunnen in onderling overleg afspreken dat de audit wordt uitgevoerd door een door Verwerker in te schakelen gecertificeerde en onafhankelijke auditor die een derden-verklaring afgeeft. De Verwerkingsverantwoordelijke wordt geïnformeerd over de uitkomsten van de audit.",
    "5. De Verwerkingsverantwoordelijke heeft geen recht om audits of inspecties bij Verwerker uit te voeren of te laten uitvoeren, en Verwerker is niet verplicht een derden-verklaring (zoals een ISAE 3402- of SOC 2-rapport) te verstrekken.",
)
LIABILITY_EXCLUDED = (
    12,
    "1. Elke Verwerkingsverantwoordelijke die bij Verwerking is betrokken, is aansprakelijk voor de schade die wordt veroorzaakt door een Verwerking die inbreuk maakt op de AVG. Een Verwerker is slechts aansprakelijk voor de schade die door de Verwerking is veroorzaakt wanneer bij de Verwerking niet is voldaan aan de specifiek tot Verwerkers gerichte verplichtingen van de AVG of buiten dan wel in strijd met de rechtmatige instructies van de Verwerkingsverantwoordelijke is gehandeld. De Verwerkingsverantwoordelijke of de Verwerker kan vrijgesteld worden van deze aansprakelijkheid indien ze bewijst dat ze op geen enkele wijze verantwoordelijk is voor het schadeveroorzakend feit.",
    "1. Iedere aansprakelijkheid van Verwerker voor schade die voortvloeit uit of verband houdt met de Verwerking van Persoonsgegevens onder deze Verwerkersovereenkomst, waaronder schade door een Inbreuk in verband met persoonsgegevens, boetes van een toezichthouder en claims van Betrokkenen, is uitgesloten. Verwerkingsverantwoordelijke vrijwaart Verwerker voor alle aanspraken van derden.",
)
UNILATERAL_CHANGE = (
    13,
    "De vervanging gebeurt met instemming van beide partijen.",
    "De vervanging gebeurt met instemming van beide partijen.\n3. Verwerker is gerechtigd deze Verwerkersovereenkomst en de bijlagen eenzijdig te wijzigen. De gewijzigde versie treedt in werking dertig dagen na publicatie op de website van Verwerker; voortgezet gebruik van de dienst geldt als aanvaarding.",
)
GENERAL_TERMS_PREVAIL = (
    13,
    "dan zullen de bepalingen van deze Verwerkersovereenkomst leidend zijn.",
    "dan prevaleren de bepalingen van de Algemene Voorwaarden van Verwerker.",
)

REFERENCE_CORRECTED = (
    6,
    "in artikel 8 van deze overeenkomst genoemde verplichtingen ten aanzien van Inbreuken",
    "in artikel 7 van deze overeenkomst genoemde verplichtingen ten aanzien van Inbreuken",
)
