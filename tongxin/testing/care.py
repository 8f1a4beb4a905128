"""Test set-up for care: files that pass the upload checks and a visit filer with the dates
of the test books (2021)."""

import datetime as dt

from tongxin.care import services
from tongxin.care.models import CareVisit
from tongxin.funds.queries.policy import care_standard
from tongxin.members.models import Person

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
EVENT_ON = dt.date(2021, 3, 10)
FILED_ON = dt.date(2021, 3, 20)
PAID_ON = dt.date(2021, 3, 25)


def required_uploads(person: Person, kind: str, on: dt.date = EVENT_ON) -> list[services.Upload]:
    """One small PDF per attachment the standard of ``kind`` requires."""
    standard = care_standard(school=person.school, kind=kind, on=on)
    names = standard.attachment_list if standard else []
    return [
        services.Upload(label=name, filename=f"doc{i}.pdf", data=PDF)
        for i, name in enumerate(names)
    ]


def file_visit(actor, person: Person, kind: str = "hospitalisation", **kwargs) -> CareVisit:  # type: ignore[no-untyped-def]
    """File a visit with every required document attached and the test books' dates."""
    kwargs.setdefault("event_on", EVENT_ON)
    kwargs.setdefault("filed_on", FILED_ON)
    kwargs.setdefault("amount_fen", 50_000)
    if "attachments" not in kwargs:
        kwargs["attachments"] = required_uploads(person, kind, kwargs["event_on"])
    return services.care_visit_file(actor=actor, person=person, kind=kind, **kwargs)
