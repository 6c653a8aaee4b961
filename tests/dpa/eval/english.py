# ruff: noqa: E501  (agreement text: one sentence per line, as documents have it)
"""English text of several articles of the model, translated by hand for the variants.

Each is the article's body (after its heading line), in the model's layout, with the English
heading separately. `*_LATE` and `*_EXCLUDED` are the same articles with a deviation written in.
"""

from __future__ import annotations

CONFIDENTIALITY = (
    "Confidentiality",
    """

1. The Processor shall ensure that everyone involved in the Processing of the Personal Data, including its employees, representatives and/or Sub-processors, treats those data as confidential and observes the duty of confidentiality, both during the term of this agreement and after it has ended. The Processor guarantees that the persons authorised to process the Personal Data have committed themselves to confidentiality or are under an appropriate statutory obligation of confidentiality.

""",
)

_BREACH_HEAD = """

1. The Parties have an appropriate policy for handling Incidents, including Personal Data Breaches.
"""

_BREACH_TAIL = """3. Where it is not possible to provide all the required information at the same time, the information may be provided in phases without undue further delay.

In the event of a Personal Data Breach the Processor shall provide the Controller with all relevant information about that breach, including the nature of the breach, where possible the categories and approximate number of data subjects and of personal data records concerned, the likely consequences of the breach, and the measures the Processor has taken or proposes to take to address the breach, including, where appropriate, measures to mitigate its possible adverse effects.

4. The Controller shall request assistance from the Processor only to the extent that the Controller does not have the information it needs to meet its legal obligations.
5. The Parties shall, as soon as possible, take all reasonably necessary measures to prevent or limit (further) breaches relating to the Processing of the Personal Data. Such new measures shall be added to Annex 2 of this agreement.
6. In the event of a Personal Data Breach the Controller shall comply with the statutory duty to notify. The Processor shall enable the Controller to take appropriate follow-up steps and, depending on the nature of the incident, assist and advise the Controller.

The Parties keep a record of all incidents and of the measures taken in response. The Processor gives the Controller access to that record on request.

"""

BREACH = (
    "Personal data breaches",
    _BREACH_HEAD
    + """2. Where the Controller or the Processor discovers a Personal Data Breach in connection with this agreement, it shall inform the other Party without undue delay, in accordance with the arrangements set out in Annex 2. The Parties shall inform each other immediately where there is reason to believe that the breach is likely to result in a high risk to the rights and freedoms of natural persons.
"""
    + _BREACH_TAIL,
)

BREACH_LATE = (
    "Personal data breaches",
    _BREACH_HEAD
    + """2. Where the Processor discovers a Personal Data Breach in connection with this agreement, it shall notify the Controller within five (5) business days after completing its internal investigation of the incident, in accordance with the arrangements set out in Annex 2.
"""
    + _BREACH_TAIL,
)

SUBPROCESSORS = (
    "Engaging sub-processors",
    """

1. The Controller gives the Processor general authorisation to engage Sub-processors. By contract or other legal act, the Processor imposes on each Sub-processor at least the same data protection obligations as those set out in this agreement. The list of Sub-processors is included in Annex 1.
2. The Processor shall inform the Controller in advance of any intended change concerning the addition or replacement of Sub-processors, thereby giving the Controller the opportunity to object to such changes. The Processor keeps the list of Sub-processors in Annex 1 up to date at all times.

""",
)

RETENTION = (
    "Retention periods and destruction of personal data",
    """

1. The Processor shall not Process the Personal Data for longer than the retention periods set out in Annex 1.

2. On expiry of the retention period, or on termination of the Product and Services Agreement, the Processor shall destroy (or have destroyed) the Personal Data processed on behalf of the Controller at all locations, unless the Personal Data must be retained for longer, for instance to comply with legal obligations. Where data are retained, the Processor shall first transfer them to the Controller in a machine-readable format, with as little loss of data as possible, to ensure continuity within the educational institution. The Parties agree the practical arrangements for this.

These actions take place within an agreed, reasonable period.

3. The Processor shall confirm to the Controller (in writing or electronically) that the Processed personal data have been destroyed.

""",
)

LIABILITY = (
    "Liability and indemnity",
    """

1. Each Controller involved in the Processing is liable for the damage caused by Processing which infringes the GDPR. A Processor is liable for the damage caused by the Processing only where it has not complied with the obligations of the GDPR specifically directed to processors or where it has acted outside or contrary to the lawful instructions of the Controller. The Controller or the Processor is exempt from this liability if it proves that it is not in any way responsible for the event giving rise to the damage.
2. Where a Controller or Processor has paid full compensation for the damage suffered, it is entitled to claim back from the other controllers or processors involved in the same Processing that part of the compensation corresponding to their part of responsibility for the damage, in accordance with the conditions set out in paragraph 1.

""",
)

LIABILITY_EXCLUDED = (
    "Liability",
    """

1. To the fullest extent permitted by law, the Processor shall not be liable to the Controller for any loss or damage whatsoever arising out of or in connection with the Processing of Personal Data under this agreement, whether in contract, tort or otherwise, and all liability of the Processor is hereby excluded.
2. The Controller shall indemnify the Processor against all claims of Data Subjects and supervisory authorities relating to the Processing.

""",
)
