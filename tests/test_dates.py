import datetime as dt

import pytest

from graph.model.dates import PartialDate


@pytest.mark.parametrize(
    ("text", "precision", "first", "last"),
    [
        ("2016", "year", dt.date(2016, 1, 1), dt.date(2016, 12, 31)),
        (2016, "year", dt.date(2016, 1, 1), dt.date(2016, 12, 31)),
        ("2015-05", "month", dt.date(2015, 5, 1), dt.date(2015, 5, 31)),
        ("2016-02", "month", dt.date(2016, 2, 1), dt.date(2016, 2, 29)),
        ("2015-02", "month", dt.date(2015, 2, 1), dt.date(2015, 2, 28)),
        ("2016-05-18", "day", dt.date(2016, 5, 18), dt.date(2016, 5, 18)),
    ],
)
def test_precision_and_period(text: object, precision: str, first: dt.date, last: dt.date) -> None:
    d = PartialDate.parse(text)
    assert d.precision == precision
    assert d.first_day() == first
    assert d.last_day() == last


def test_written_form_keeps_precision() -> None:
    assert str(PartialDate.parse("2015-05")) == "2015-05"
    assert str(PartialDate.parse("2016")) == "2016"
    assert str(PartialDate.parse(dt.date(2015, 11, 6))) == "2015-11-06"
    assert repr(PartialDate.parse("2015-05")) == "PartialDate('2015-05')"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2016-02-30", "impossible date"),
        ("2015-02-29", "impossible date"),
        ("2016-13", "month must be 01 to 12"),
        ("2016-00", "month must be 01 to 12"),
        ("0000", "year 0000"),
        ("May 2016", "malformed date"),
        ("2016-5", "malformed date"),
        ("16-05-01", "malformed date"),
        ("", "malformed date"),
        (True, "expected a date"),
        (3.5, "expected a date"),
        ("2016-1", "malformed date"),
        ("16-05", "malformed date"),
        ("2016-05-1", "malformed date"),
        ("20:16", "malformed date"),
        ("2016-05-18T10:00:00", "malformed date"),
        ("\uff12\uff10\uff11\uff16", "malformed date"),  # full-width digits are not taken for 2016
        ("2016-0\u0665", "malformed date"),  # nor an Arabic-Indic five
        ([2016], "found a list"),
        ({"year": 2016}, "found a mapping"),
    ],
)
def test_bad_dates_are_refused(text: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        PartialDate.parse(text)


def test_xsd_datatype_by_precision() -> None:
    assert [PartialDate.parse(t).xsd_datatype for t in ("2016", "2016-04", "2016-04-01")] == [
        "gYear",
        "gYearMonth",
        "date",
    ]
