"""Donations fixtures: the cast's books open for 2021 and a campaign in June 2021, built
through the services (so set-up cannot skip a rule)."""

import datetime as dt
from collections.abc import Callable

import pytest

from tongxin.donations import services
from tongxin.donations.choices import Channel
from tongxin.donations.models import Campaign, Donation
from tongxin.testing.funds import FundBooks, fund_books
from tongxin.testing.personas import Cast

YEAR = 2021
START, END = dt.date(2021, 6, 1), dt.date(2021, 6, 30)
DAY = dt.date(2021, 6, 15)


@pytest.fixture
def books(cast: Cast) -> FundBooks:
    return fund_books(cast, year=YEAR, school_budget=None, branch_budget=None)


@pytest.fixture
def draft(cast: Cast, books: FundBooks) -> Campaign:
    return services.campaign_create(
        actor=cast.actor("office_admin"),
        organiser=cast.school,
        title="Poverty relief day drive",
        recipient="Provincial education foundation",
        starts_on=START,
        ends_on=END,
        target_fen=2_000_000,
    )


@pytest.fixture
def campaign(cast: Cast, draft: Campaign) -> Campaign:
    return services.campaign_open(actor=cast.actor("office_admin"), campaign=draft)


@pytest.fixture
def record(cast: Cast, campaign: Campaign) -> Callable[..., Donation]:
    """Record a donation for ``for_persona`` as ``persona`` (a liaison by default)."""

    def _record(
        for_persona: str = "branch_a_member",
        amount_fen: int = 10_000,
        *,
        persona: str = "branch_a_liaison",
        on: dt.date = DAY,
        anonymous: bool = False,
        channel: str = Channel.CASH,
    ) -> Donation:
        return services.donation_record(
            actor=cast.actor(persona),
            campaign=campaign,
            person=cast.people[for_persona],
            amount_fen=amount_fen,
            donated_on=on,
            channel=channel,
            is_anonymous=anonymous,
        )

    return _record


@pytest.fixture
def report(cast: Cast, campaign: Campaign) -> Callable[..., Donation]:
    """A member reports their own donation (pending)."""

    def _report(persona: str = "branch_a_member", amount_fen: int = 5_000) -> Donation:
        return services.donation_report(
            actor=cast.actor(persona),
            campaign=campaign,
            person=cast.people[persona],
            amount_fen=amount_fen,
            donated_on=DAY,
            channel=Channel.BANK_TRANSFER,
        )

    return _report
