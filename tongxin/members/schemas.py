import datetime as dt

from ninja import Schema


class PersonOut(Schema):
    id: int
    staff_number: str
    name: str
    gender: str
    birth_on: dt.date | None
    phone: str
    email: str
    id_number_masked: str
    department: str
    node_id: int
    employment_status: str
    membership_status: str
    joined_on: dt.date | None
    hire_on: dt.date | None
