"""Dates as the newsroom prints them: “2 Sept 2025”, “2 Sept 14:10”."""

import datetime

from django.utils import timezone

# The newsroom's own short months, as British papers print them.
_MONTHS = ["Jan", "Feb", "March", "April", "May", "June"]
_MONTHS += ["July", "Aug", "Sept", "Oct", "Nov", "Dec"]


def reader_date(moment, *, time=False, year=True):
    """“2 Sept 2025”, or with `time` “2 Sept 14:10” (“2 Sept 2025 14:10” with `year`).

    A datetime is shown in the site's time zone; a date (a citation's) as it is.
    """
    local = timezone.localtime(moment) if isinstance(moment, datetime.datetime) else moment
    return short_date(local, time=time, year=year)


def short_date(local, *, time, year):
    """`reader_date` of a date, or of a datetime already in the site's time zone."""
    text = f"{local.day} {_MONTHS[local.month - 1]}"
    if year:
        text += f" {local.year}"
    if time:
        text += f" {local.hour:02d}:{local.minute:02d}"
    return text
