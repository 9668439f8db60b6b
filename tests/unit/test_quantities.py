"""The quantity/date normaliser on a table of real-world expressions (news and debate phrasings), with the
article's publication date as the base for relative dates, plus offset properties."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spinscope.claims.display import say
from spinscope.claims.quantities import (
    direction_at,
    find_quantities,
    parse_number,
    reading_view,
    weekday_for,
    year_for,
)

BASE = date(2022, 8, 31)  # a Wednesday: the Kabul anniversary article

# (sentence, expected surface text, expected fields)
TABLE: list[tuple[str, str, dict | None]] = [
    # money: currencies, symbols, codes, scales, words, ranges
    (
        "The blocking of 9 billion dollars of assets",
        "9 billion dollars",
        {"type": "money", "value": 9e9, "currency": "USD"},
    ),
    ("a $12.4bn takeover", "$12.4bn", {"type": "money", "value": 12.4e9, "currency": "USD"}),
    ("the fund raised US$60m in May", "US$60m", {"type": "money", "value": 60e6, "currency": "USD"}),
    ("EUR 250 million in aid", "EUR 250 million", {"type": "money", "value": 250e6, "currency": "EUR"}),
    ("a £3.5 million grant", "£3.5 million", {"type": "money", "value": 3.5e6, "currency": "GBP"}),
    ("a €40bn package", "€40bn", {"type": "money", "value": 40e9, "currency": "EUR"}),
    ("a Rs 500 crore scheme", "Rs 500 crore", {"type": "money", "value": 5e9, "currency": "INR"}),
    ("1.2 trillion yuan of debt", "1.2 trillion yuan", {"type": "money", "value": 1.2e12, "currency": "CNY"}),
    ("tickets cost 500 euros", "500 euros", {"type": "money", "value": 500.0, "currency": "EUR"}),
    ("rent of $1,200 per month", "$1,200", {"type": "money", "value": 1200.0, "currency": "USD"}),
    (
        "2 million afghanis were seized",
        "2 million afghanis",
        {"type": "money", "value": 2e6, "currency": "AFN"},
    ),
    (
        "10 billion rials in subsidies",
        "10 billion rials",
        {"type": "money", "value": 10e9, "currency": "IRR"},
    ),
    (
        "nine billion dollars in reserves",
        "nine billion dollars",
        {"type": "money", "value": 9e9, "currency": "USD"},
    ),
    (
        "a $5-7 billion hole",
        "$5-7 billion",
        {"type": "money", "value": 5e9, "value_max": 7e9, "currency": "USD"},
    ),
    (
        "costs between $5 and $7 billion",
        "between $5 and $7 billion",
        {"type": "money", "value": 5e9, "value_max": 7e9},
    ),
    (
        "100 million Canadian dollars",
        "100 million Canadian dollars",
        {"type": "money", "value": 1e8, "currency": "CAD"},
    ),
    ("a loan of USD 1.2 billion", "USD 1.2 billion", {"type": "money", "value": 1.2e9, "currency": "USD"}),
    ("¥100 billion in bonds", "¥100 billion", {"type": "money", "value": 1e11, "currency": "JPY"}),
    ("fined 5 billion USD", "5 billion USD", {"type": "money", "value": 5e9, "currency": "USD"}),
    ("a A$2.5m contract", "A$2.5m", {"type": "money", "value": 2.5e6, "currency": "AUD"}),
    # percentages
    ("We're consuming 50 percent of the world's cocaine.", "50 percent", {"type": "percent", "value": 50.0}),
    ("growth of 3.5 per cent", "3.5 per cent", {"type": "percent", "value": 3.5}),
    ("turnout was 67%", "67%", {"type": "percent", "value": 67.0}),
    ("a 20-30% rise", "20-30%", {"type": "percent", "value": 20.0, "value_max": 30.0}),
    (
        "between 20 and 30 percent",
        "between 20 and 30 percent",
        {"type": "percent", "value": 20.0, "value_max": 30.0},
    ),
    (
        "rates rose 2 percentage points",
        "2 percentage points",
        {"type": "percent", "value": 2.0, "unit": "percentage points"},
    ),
    ("fifty percent of voters", "fifty percent", {"type": "percent", "value": 50.0}),
    # counts
    ("37 teams took part", "37 teams", {"type": "count", "value": 37.0, "unit": "teams"}),
    ("3,000 people were evacuated", "3,000 people", {"type": "count", "value": 3000.0, "unit": "people"}),
    ("3 million people fled", "3 million people", {"type": "count", "value": 3e6, "unit": "people"}),
    (
        "from 10 to 15 million people",
        "10 to 15 million people",
        {"type": "count", "value": 1e7, "value_max": 1.5e7},
    ),
    ("a 25-year-old man", "25-year-old", {"type": "count", "value": 25.0, "unit": "years old"}),
    ("twelve soldiers died", "twelve soldiers", {"type": "count", "value": 12.0, "unit": "soldiers"}),
    # durations
    ("occupied Afghanistan for 20 years", "20 years", {"type": "duration", "iso": "P20Y"}),
    ("for three months", "three months", {"type": "duration", "iso": "P3M"}),
    ("in a decade", "a decade", {"type": "duration", "iso": "P10Y"}),
    ("the 20-year war", "20-year", {"type": "duration", "iso": "P20Y"}),
    ("after 48 hours", "48 hours", {"type": "duration", "iso": "PT48H"}),
    ("One year has passed", "One year", {"type": "duration", "iso": "P1Y"}),
    # absolute dates
    (
        "left on August 31, 2021, at night",
        "August 31, 2021",
        {"type": "date", "iso": "2021-08-31", "relative": False},
    ),
    ("on 31 August 2021", "31 August 2021", {"type": "date", "iso": "2021-08-31"}),
    ("in August 2021", "August 2021", {"type": "date", "iso": "2021-08"}),
    ("dated 2021-08-31", "2021-08-31", {"type": "date", "iso": "2021-08-31"}),
    ("filed 8/31/2021", "8/31/2021", {"type": "date", "iso": "2021-08-31"}),
    ("elected in 2019", "2019", {"type": "date", "iso": "2019"}),
    ("since the 1990s", "the 1990s", {"type": "date", "iso": "1990/1999"}),
    ("on Sept. 11, 2001", "Sept. 11, 2001", {"type": "date", "iso": "2001-09-11"}),
    ("the 2020 election", "2020", {"type": "date", "iso": "2020"}),
    # relative dates, resolved against the publication date 2022-08-31
    ("said last Tuesday", "last Tuesday", {"type": "date", "iso": "2022-08-30", "relative": True}),
    ("arrived yesterday", "yesterday", {"type": "date", "iso": "2022-08-30", "relative": True}),
    ("two weeks ago", "two weeks ago", {"type": "date", "iso": "2022-08-17", "relative": True}),
    ("prices rose last year", "last year", {"type": "date", "iso": "2021", "relative": True}),
    ("earlier this month", "earlier this month", {"type": "date", "iso": "2022-08", "relative": True}),
    ("said on Monday", "Monday", {"type": "date", "iso": "2022-08-29", "relative": True}),
    ("met on Aug. 31", "Aug. 31", {"type": "date", "iso": "2022-08-31", "relative": True}),
    ("last week", "last week", {"type": "date", "iso": "2022-W34", "relative": True}),
    # times
    ("at 10:30 a.m.", "10:30 a.m.", {"type": "time", "iso": "T10:30"}),
    ("at 8 pm", "8 pm", {"type": "time", "iso": "T20:00"}),
    # ---- world English-language news: scales and currencies
    (
        "India's defence budget rose to Rs 5.25 lakh crore",
        "Rs 5.25 lakh crore",
        {"type": "money", "value": 5.25e12, "currency": "INR"},
    ),
    ("a ₹2,000 crore relief package", "₹2,000 crore", {"type": "money", "value": 2e10, "currency": "INR"}),
    (
        "compensation of Rs 10 lakh to each family",
        "Rs 10 lakh",
        {"type": "money", "value": 1e6, "currency": "INR"},
    ),
    ("a Rs 500 cr project", "Rs 500 cr", {"type": "money", "value": 5e9, "currency": "INR"}),
    ("a reward of 1,00,000 rupees", "1,00,000 rupees", {"type": "money", "value": 1e5, "currency": "INR"}),
    ("The deal is worth A$1.2bn", "A$1.2bn", {"type": "money", "value": 1.2e9, "currency": "AUD"}),
    ("C$500 million in new spending", "C$500 million", {"type": "money", "value": 5e8, "currency": "CAD"}),
    ("a HK$3.6 billion rescue", "HK$3.6 billion", {"type": "money", "value": 3.6e9, "currency": "HKD"}),
    ("the NZ$55m fund", "NZ$55m", {"type": "money", "value": 55e6, "currency": "NZD"}),
    ("S$1.5 billion for housing", "S$1.5 billion", {"type": "money", "value": 1.5e9, "currency": "SGD"}),
    ("NT$20 billion in subsidies", "NT$20 billion", {"type": "money", "value": 2e10, "currency": "TWD"}),
    (
        "Eskom needs R3.5bn to keep the lights on",
        "R3.5bn",
        {"type": "money", "value": 3.5e9, "currency": "ZAR"},
    ),
    ("a grant of R1,200 a month", "R1,200", {"type": "money", "value": 1200.0, "currency": "ZAR"}),
    (
        "1.5 billion rand in tax relief",
        "1.5 billion rand",
        {"type": "money", "value": 1.5e9, "currency": "ZAR"},
    ),
    ("a KSh 5 billion tender", "KSh 5 billion", {"type": "money", "value": 5e9, "currency": "KES"}),
    (
        "20 billion Kenyan shillings",
        "20 billion Kenyan shillings",
        {"type": "money", "value": 2e10, "currency": "KES"},
    ),
    ("the ₦2.5 trillion budget", "₦2.5 trillion", {"type": "money", "value": 2.5e12, "currency": "NGN"}),
    (
        "200 million naira was recovered",
        "200 million naira",
        {"type": "money", "value": 2e8, "currency": "NGN"},
    ),
    ("₱5,000 in cash aid", "₱5,000", {"type": "money", "value": 5000.0, "currency": "PHP"}),
    (
        "Rp 10 trillion for the new capital",
        "Rp 10 trillion",
        {"type": "money", "value": 1e13, "currency": "IDR"},
    ),
    ("4 trillion rupiah of bonds", "4 trillion rupiah", {"type": "money", "value": 4e12, "currency": "IDR"}),
    ("a RM2.5 billion stimulus", "RM2.5 billion", {"type": "money", "value": 2.5e9, "currency": "MYR"}),
    ("Tk 500 crore for flood relief", "Tk 500 crore", {"type": "money", "value": 5e9, "currency": "BDT"}),
    ("fined £1.2bn by regulators", "£1.2bn", {"type": "money", "value": 1.2e9, "currency": "GBP"}),
    (
        "a £20bn black hole in the public finances",
        "£20bn",
        {"type": "money", "value": 2e10, "currency": "GBP"},
    ),
    ("a €3bn bailout", "€3bn", {"type": "money", "value": 3e9, "currency": "EUR"}),
    (
        "the $1.7 trillion spending bill",
        "$1.7 trillion",
        {"type": "money", "value": 1.7e12, "currency": "USD"},
    ),
    ("a $3.5tn economy", "$3.5tn", {"type": "money", "value": 3.5e12, "currency": "USD"}),
    ("a $50k salary", "$50k", {"type": "money", "value": 5e4, "currency": "USD"}),
    ("5 bln dollars in loans", "5 bln dollars", {"type": "money", "value": 5e9, "currency": "USD"}),
    ("3.2 mln euros in fines", "3.2 mln euros", {"type": "money", "value": 3.2e6, "currency": "EUR"}),
    (
        "600 million Swiss francs",
        "600 million Swiss francs",
        {"type": "money", "value": 6e8, "currency": "CHF"},
    ),
    ("10 billion yuan of stimulus", "10 billion yuan", {"type": "money", "value": 1e10, "currency": "CNY"}),
    ("¥500 billion in loans", "¥500 billion", {"type": "money", "value": 5e11, "currency": "JPY"}),
    ("3 billion Saudi riyals", "3 billion Saudi riyals", {"type": "money", "value": 3e9, "currency": "SAR"}),
    ("2 million dirhams", "2 million dirhams", {"type": "money", "value": 2e6, "currency": "AED"}),
    (
        "50 billion Egyptian pounds",
        "50 billion Egyptian pounds",
        {"type": "money", "value": 5e10, "currency": "EGP"},
    ),
    (
        "between £40m and £60m",
        "between £40m and £60m",
        {"type": "money", "value": 4e7, "value_max": 6e7, "currency": "GBP"},
    ),
    (
        "a $2-3 trillion gap",
        "$2-3 trillion",
        {"type": "money", "value": 2e12, "value_max": 3e12, "currency": "USD"},
    ),
    ("Brent crude rose to $94.50 a barrel", "$94.50", {"type": "money", "value": 94.5, "currency": "USD"}),
    ("nearly $2,000 per person", "$2,000", {"type": "money", "value": 2000.0, "currency": "USD"}),
    ("the minimum wage of £9.50 an hour", "£9.50", {"type": "money", "value": 9.5, "currency": "GBP"}),
    ("tickets cost 1,500 euros", "1,500 euros", {"type": "money", "value": 1500.0, "currency": "EUR"}),
    ("try 3 times before giving up", "3 times", {"type": "count", "value": 3.0}),
    # ---- scale words across a line break or a hyphenation
    (
        "a loan of $1.8 bill-\nion to the utility",
        "$1.8 bill-\nion",
        {"type": "money", "value": 1.8e9, "currency": "USD"},
    ),
    (
        "assets worth $9\nbillion were frozen",
        "$9\nbillion",
        {"type": "money", "value": 9e9, "currency": "USD"},
    ),
    (
        "1.2 billion\ndollars in aid",
        "1.2 billion\ndollars",
        {"type": "money", "value": 1.2e9, "currency": "USD"},
    ),
    ("a £300\nmillion overspend", "£300\nmillion", {"type": "money", "value": 3e8, "currency": "GBP"}),
    ("prices rose 68 per\ncent", "68 per\ncent", {"type": "percent", "value": 68.0}),
    ("a 2.5 bil-\nlion loan", "2.5 bil-\nlion loan", {"type": "count", "value": 2.5e9, "unit": "loan"}),
    # ---- percentages
    ("68%of voters backed the plan", "68%", {"type": "percent", "value": 68.0, "unit": "percent"}),
    ("inflation hit 10.1pc in July", "10.1pc", {"type": "percent", "value": 10.1}),
    ("unemployment at 3.5 per cent", "3.5 per cent", {"type": "percent", "value": 3.5}),
    (
        "a 0.75 percentage point rise",
        "0.75 percentage point",
        {"type": "percent", "value": 0.75, "unit": "percentage points"},
    ),
    (
        "a 25 basis point rate hike",
        "25 basis point",
        {"type": "percent", "value": 25.0, "unit": "basis points"},
    ),
    ("turnout of 45.6 % was recorded", "45.6 %", {"type": "percent", "value": 45.6}),
    ("profits rose 12 pct", "12 pct", {"type": "percent", "value": 12.0}),
    (
        "between 40 and 45 per cent",
        "between 40 and 45 per cent",
        {"type": "percent", "value": 40.0, "value_max": 45.0},
    ),
    ("output dropped by 5-7%", "5-7%", {"type": "percent", "value": 5.0, "value_max": 7.0}),
    ("sixty-two percent of members", "sixty-two percent", {"type": "percent", "value": 62.0}),
    # ---- counts
    (
        "more than 2.5 lakh people attended",
        "2.5 lakh people",
        {"type": "count", "value": 2.5e5, "unit": "people"},
    ),
    ("3 crore voters", "3 crore voters", {"type": "count", "value": 3e7, "unit": "voters"}),
    ("1,00,000 people were evacuated", "1,00,000 people", {"type": "count", "value": 1e5, "unit": "people"}),
    ("12,000 troops were deployed", "12,000 troops", {"type": "count", "value": 12000.0, "unit": "troops"}),
    ("1.2 million refugees", "1.2 million refugees", {"type": "count", "value": 1.2e6, "unit": "refugees"}),
    ("five people were killed", "five people", {"type": "count", "value": 5.0, "unit": "people"}),
    ("at least 37 people died", "37 people", {"type": "count", "value": 37.0, "unit": "people"}),
    (
        "around 4,500 migrants crossed",
        "4,500 migrants",
        {"type": "count", "value": 4500.0, "unit": "migrants"},
    ),
    ("more than 100,000 cases", "100,000 cases", {"type": "count", "value": 1e5, "unit": "cases"}),
    ("a 12-year-old girl", "12-year-old", {"type": "count", "value": 12.0, "unit": "years old"}),
    # ---- names with digits are not quantities
    ("Covid-19 cases rose again", "Covid-19", None),
    ("the F-35 fighter jet", "F-35", None),
    ("Windows 10 users were affected", "Windows 10", None),
    ("leaders at the G7 summit", "G7", None),
    ("the G-20 summit in Bali", "G-20", None),
    ("the H1N1 pandemic", "H1N1", None),
    ("grounded Boeing 737 Max jets", "Boeing 737", None),
    ("Article 5 of the Nato treaty", "Article 5", None),
    ("Section 230 protections", "Section 230", None),
    ("on Route 66", "Route 66", None),
    ("since Apollo 11 landed", "Apollo 11", None),
    ("Flight MH17 was shot down", "MH17", None),
    ("SARS-CoV-2 infections", "SARS-CoV-2", None),
    ("the COP26 climate summit", "COP26", None),
    ("Airbus A320 jets", "A320", None),
    ("a Category 5 hurricane", "Category 5", None),
    ("Tier 4 restrictions", "Tier 4", None),
    ("Phase 3 trials began", "Phase 3", None),
    ("a Falcon 9 rocket", "Falcon 9", None),
    ("Title 42 expulsions", "Title 42", None),
    ("AK-47 rifles were seized", "AK-47", None),
    ("the S-400 missile system", "S-400", None),
    ("on BBC Radio 4's Today programme", "Radio 4", None),
    # ---- durations, and names that only look like them
    ("workers on zero-hours contracts", "zero-hours", None),
    ("the 24-hour news cycle", "24-hour", None),
    ("jailed for 18 months", "18 months", {"type": "duration", "iso": "P18M"}),
    ("a six-week lockdown", "six-week", {"type": "duration", "iso": "P6W"}),
    ("within 72 hours", "72 hours", {"type": "duration", "iso": "PT72H"}),
    ("for two and a half years", "two and a half years", {"type": "duration", "iso": "P2.5Y"}),
    ("after 90 minutes of talks", "90 minutes", {"type": "duration", "iso": "PT90M"}),
    ("over three decades", "three decades", {"type": "duration", "iso": "P30Y"}),
    ("the 100-day plan", "100-day", {"type": "duration", "iso": "P100D"}),
    # ---- absolute dates
    ("Russia invaded on 24 February 2022", "24 February 2022", {"type": "date", "iso": "2022-02-24"}),
    ("on Feb. 24, 2022", "Feb. 24, 2022", {"type": "date", "iso": "2022-02-24"}),
    ("on Thursday, February 24, 2022", "Thursday, February 24, 2022", {"type": "date", "iso": "2022-02-24"}),
    ("since March 2020", "March 2020", {"type": "date", "iso": "2020-03"}),
    ("in the 1980s", "the 1980s", {"type": "date", "iso": "1980/1989"}),
    ("by mid-2023", "mid-2023", {"type": "date", "iso": "2023"}),
    # ---- periods: seasons, fiscal years, quarters, halves
    ("the 2011-12 season", "2011-12", {"type": "date", "iso": "2011/2012"}),
    ("in 2019/20", "2019/20", {"type": "date", "iso": "2019/2020"}),
    ("during the 1939-45 war", "1939-45", {"type": "date", "iso": "1939/1945"}),
    ("the FY2021-22 budget", "FY2021-22", {"type": "date", "iso": "2021/2022", "unit": "fiscal year"}),
    ("FY23 results", "FY23", {"type": "date", "iso": "2023", "unit": "fiscal year"}),
    ("in fiscal 2022", "fiscal 2022", {"type": "date", "iso": "2022", "unit": "fiscal year"}),
    ("in summer 2021", "summer 2021", {"type": "date", "iso": "2021-06/2021-08"}),
    ("during the winter of 2021", "winter of 2021", {"type": "date", "iso": "2021-12/2022-02"}),
    ("last summer", "last summer", {"type": "date", "iso": "2021-06/2021-08", "relative": True}),
    ("this winter", "this winter", {"type": "date", "iso": "2022-12/2023-02", "relative": True}),
    (
        "profits fell in the third quarter",
        "third quarter",
        {"type": "date", "iso": "2022-07/2022-09", "relative": True},
    ),
    ("Q2 2022 results", "Q2 2022", {"type": "date", "iso": "2022-04/2022-06"}),
    ("the first half of 2022", "first half of 2022", {"type": "date", "iso": "2022-01/2022-06"}),
    ("sales rose last quarter", "last quarter", {"type": "date", "iso": "2022-04/2022-06", "relative": True}),
    # ---- days and months without a year: the year closest to the publication date (2022-08-31)
    ("The talks began on 9 May", "9 May", {"type": "date", "iso": "2022-05-09", "relative": True}),
    ("prices fell in March", "March", {"type": "date", "iso": "2022-03", "relative": True}),
    ("the ban lasts until December", "December", {"type": "date", "iso": "2022-12", "relative": True}),
    ("sales collapsed last May", "last May", {"type": "date", "iso": "2022-05", "relative": True}),
    ("talks resume next January", "next January", {"type": "date", "iso": "2023-01", "relative": True}),
    ("polls open on Sept. 4", "Sept. 4", {"type": "date", "iso": "2022-09-04", "relative": True}),
    ("Parliament will return on Jan. 10", "Jan. 10", {"type": "date", "iso": "2023-01-10", "relative": True}),
    # ---- weekdays by tense, the publication day (a Wednesday) included
    ("the minister said on Wednesday", "Wednesday", {"type": "date", "iso": "2022-08-31", "relative": True}),
    ("leaders will meet on Friday", "Friday", {"type": "date", "iso": "2022-09-02", "relative": True}),
    ("the ministry said Tuesday", "Tuesday", {"type": "date", "iso": "2022-08-30", "relative": True}),
    (
        "Talks on Thursday ended without a deal",
        "Thursday",
        {"type": "date", "iso": "2022-08-25", "relative": True},
    ),
    ("next Tuesday", "next Tuesday", {"type": "date", "iso": "2022-09-06", "relative": True}),
    ("three days ago", "three days ago", {"type": "date", "iso": "2022-08-28", "relative": True}),
    ("sales fell last month", "last month", {"type": "date", "iso": "2022-07", "relative": True}),
    ("elections are due next year", "next year", {"type": "date", "iso": "2023", "relative": True}),
    ("this morning", "this morning", {"type": "date", "iso": "2022-08-31", "relative": True}),
    # ---- programmes and named days are not dates
    ("she told the Today show", "Today", None),
    ("speaking on the Today programme", "Today", None),
    ("USA Today reported", "Today", None),
    ("Black Friday sales", "Friday", None),
    ("Super Tuesday primaries", "Tuesday", None),
    # ---- times
    ("kick-off at 6.30pm", "6.30pm", {"type": "time", "iso": "T18:30"}),
    ("the deadline is 10am", "10am", {"type": "time", "iso": "T10:00"}),
    ("at 14:30 GMT", "14:30", {"type": "time", "iso": "T14:30"}),
]


@pytest.mark.parametrize(("sentence", "surface", "expected"), TABLE, ids=[t[1] for t in TABLE])
def test_table(sentence: str, surface: str, expected: dict | None) -> None:
    at = sentence.index(surface)
    if expected is None:  # a name or a phrase that is no quantity: nothing may overlap it
        overlapping = [
            q for q in find_quantities(sentence, BASE) if q.start < at + len(surface) and at < q.end
        ]
        assert overlapping == [], f"{surface!r} read as {overlapping}"
        return
    found = [q for q in find_quantities(sentence, BASE) if q.text == surface]
    assert found, f"{surface!r} not found in {find_quantities(sentence, BASE)}"
    q = found[0]
    assert sentence[q.start : q.end] == surface
    for key, value in expected.items():
        got = getattr(q, key)
        if isinstance(value, float):
            assert got == pytest.approx(value), key
        else:
            assert got == value, key


def test_table_is_large_enough() -> None:
    assert len(TABLE) >= 150


@pytest.mark.parametrize(
    ("sentence", "surface", "iso"),
    [
        ("said last Tuesday", "last Tuesday", None),
        ("two weeks ago", "two weeks ago", None),
        ("on Aug. 31", "Aug. 31", "--08-31"),
    ],
)
def test_relative_dates_without_publication_date_stay_unresolved(
    sentence: str, surface: str, iso: str | None
) -> None:
    (q,) = [q for q in find_quantities(sentence) if q.text == surface]
    assert q.relative is True
    assert q.iso == iso


def test_absolute_date_does_not_need_a_base() -> None:
    (q,) = find_quantities("The last US soldier left Afghanistan on August 31, 2021, at night.")
    assert (q.iso, q.relative) == ("2021-08-31", False)


@pytest.mark.parametrize(
    "sentence", ["one of them said so", "a man was there", "He is the one.", "Thank you all."]
)
def test_no_figure_in_plain_words(sentence: str) -> None:
    assert find_quantities(sentence, BASE) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("9 billion", 9e9),
        ("12.4bn", 12.4e9),
        ("twenty-five", 25.0),
        ("a million", 1e6),
        ("1,200", 1200.0),
        ("seven", 7.0),
    ],
)
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


TOKENS = st.sampled_from(
    ["$", "9", "billion", "dollars", "12.4bn", "%", "percent", "last", "Tuesday", "August", "31,", "2021", "in",
     "20", "years", "teams", "US$60m", "-", "to", "between", "and", "€", "£3.5", "a", "decade", "ago", ".", "\n",
     "on", "Monday", "per", "cent", "the", "1990s", "10:30", "a.m.", "ćž", "五"]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(TOKENS, max_size=25), st.sampled_from([" ", "  ", "", " \n"]))
def test_offsets_are_exact_and_disjoint(words: list[str], sep: str) -> None:
    text = sep.join(words)
    found = find_quantities(text, BASE)
    previous_end = 0
    for q in found:
        assert text[q.start : q.end] == q.text
        assert q.text.strip() == q.text and q.text
        assert q.start >= previous_end
        previous_end = q.end


# ---- the year of a day named without one, and weekdays, against other publication dates ---------------------------
APRIL_FRIDAY = date(2020, 4, 10)  # the page: a Friday
JANUARY_MONDAY = date(2024, 1, 15)
DATED: list[tuple[date, str, str, str]] = [
    (APRIL_FRIDAY, "Schools will stay closed until 30 April.", "30 April", "2020-04-30"),
    (APRIL_FRIDAY, "The measures apply until May 5.", "May 5", "2020-05-05"),
    (APRIL_FRIDAY, "The ministry said on Friday that 500 people had died.", "Friday", "2020-04-10"),
    (APRIL_FRIDAY, "Prayers will be held on Saturday.", "Saturday", "2020-04-11"),
    (APRIL_FRIDAY, "He died on Thursday.", "Thursday", "2020-04-09"),
    (APRIL_FRIDAY, "Now, on Monday, the department announced a review.", "Monday", "2020-04-06"),
    (APRIL_FRIDAY, "The vote will take place on Sunday, officials said.", "Sunday", "2020-04-12"),
    (APRIL_FRIDAY, "In the wake of Monday's discovery, police said nothing.", "Monday", "2020-04-06"),
    (APRIL_FRIDAY, "Last Wednesday White House officials met.", "Last Wednesday", "2020-04-08"),
    (APRIL_FRIDAY, "The lockdown began on March 23.", "March 23", "2020-03-23"),
    (APRIL_FRIDAY, "The virus was first reported on Dec. 31.", "Dec. 31", "2019-12-31"),
    (APRIL_FRIDAY, "Elections are scheduled for Sept. 6.", "Sept. 6", "2020-09-06"),
    (APRIL_FRIDAY, "The vote was held on May 5.", "May 5", "2019-05-05"),
    (APRIL_FRIDAY, "The vote will be held on May 5.", "May 5", "2020-05-05"),
    (APRIL_FRIDAY, "They meet next Friday.", "next Friday", "2020-04-17"),
    (JANUARY_MONDAY, "The primary is on Feb. 9.", "Feb. 9", "2024-02-09"),
    (JANUARY_MONDAY, "Voting took place on Dec. 20.", "Dec. 20", "2023-12-20"),
    (JANUARY_MONDAY, "Applications are open until Jan. 31.", "Jan. 31", "2024-01-31"),
    (JANUARY_MONDAY, "Sales fell in December.", "December", "2023-12"),
    (JANUARY_MONDAY, "The president said on Monday he would run.", "Monday", "2024-01-15"),
    (JANUARY_MONDAY, "Americans will vote on Nov. 5.", "Nov. 5", "2024-11-05"),
    (JANUARY_MONDAY, "last week", "last week", "2024-W02"),
]


@pytest.mark.parametrize(
    ("base", "sentence", "surface", "iso"), DATED, ids=[f"{b}:{s}" for b, _, s, _ in DATED]
)
def test_year_and_weekday_inference(base: date, sentence: str, surface: str, iso: str) -> None:
    (q,) = [q for q in find_quantities(sentence, base) if q.text == surface]
    assert (q.iso, q.relative) == (iso, True)


@pytest.mark.parametrize(
    ("month", "day", "direction", "year"),
    [
        (4, 30, None, 2020),  # 20 days ahead beats 345 days back
        (4, 30, "past", 2019),
        (4, 1, "future", 2021),
        (4, 10, "past", 2020),  # the publication day itself
        (4, 10, "future", 2020),
        (12, 31, None, 2019),
        (2, 29, None, 2020),  # a leap day exists only in 2020 of 2019-2021
    ],
)
def test_year_for(month: int, day: int, direction: str | None, year: int) -> None:
    assert year_for(month, day, APRIL_FRIDAY, direction) == year  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("sentence", "direction"),
    [
        ("Schools will stay closed until May 5.", "future"),
        ("The ministry said on May 5 that it was over.", "past"),
        ("The talks, which ended on May 5, will resume.", "past"),
        ("Talks are due to resume on May 5.", "future"),
        ("On May 5 the count begins.", None),
    ],
)
def test_direction_from_the_nearest_cue(sentence: str, direction: str | None) -> None:
    at = sentence.index("May 5")
    assert direction_at(sentence, at, at + 5) == direction


def test_weekday_for_includes_the_publication_day() -> None:
    friday = 4
    assert weekday_for(friday, APRIL_FRIDAY, "past") == APRIL_FRIDAY
    assert weekday_for(friday, APRIL_FRIDAY, "future") == APRIL_FRIDAY
    assert weekday_for(0, APRIL_FRIDAY, "past") == date(2020, 4, 6)
    assert weekday_for(0, APRIL_FRIDAY, "future") == date(2020, 4, 13)
    assert weekday_for(5, APRIL_FRIDAY, None) == date(
        2020, 4, 4
    )  # nothing says: a report tells what happened


def test_day_without_year_and_without_publication_date_keeps_month_and_day() -> None:
    (q,) = find_quantities("The primary is on Feb. 9.")
    assert (q.iso, q.relative) == ("--02-09", True)


def test_reading_view_maps_back_to_the_original() -> None:
    text = "a loan of $1.8 bill-\n  ion and 68 per\ncent"
    view, index = reading_view(text)
    assert view == "a loan of $1.8 billion and 68 percent"
    assert len(index) == len(view) + 1 and index[-1] == len(text)
    assert all(view[i] == text[index[i]] for i in range(len(view)) if view[i] != " ")


# ---- the value in words, for reports ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("sentence", "surface", "words"),
    [
        ("The blocking of 9 billion dollars of assets", "9 billion dollars", "9 billion US dollars"),
        ("occupied Afghanistan for 20 years", "20 years", "20 years"),
        ("left on August 31, 2021, at night", "August 31, 2021", "31 August 2021"),
        ("a Rs 500 crore scheme", "Rs 500 crore", "5 billion Indian rupees"),
        ("a $5-7 billion hole", "$5-7 billion", "5 to 7 billion US dollars"),
        ("turnout was 67%", "67%", "67%"),
        ("rates rose 2 percentage points", "2 percentage points", "2 percentage points"),
        ("3,000 people were evacuated", "3,000 people", "3,000 people"),
        ("One year has passed", "One year", "1 year"),
        ("after 48 hours", "48 hours", "48 hours"),
        ("in a decade", "a decade", "10 years"),
        ("in August 2021", "August 2021", "August 2021"),
        ("since the 1990s", "the 1990s", "the 1990s"),
        ("the 2011-12 season", "2011-12", "2011-12"),
        ("in summer 2021", "summer 2021", "June to August 2021"),
        ("during the winter of 2021", "winter of 2021", "December 2021 to February 2022"),
        ("last week", "last week", "the week of 22 August 2022"),
        ("the FY2021-22 budget", "FY2021-22", "fiscal year 2021-22"),
        ("at 10:30 a.m.", "10:30 a.m.", "10:30"),
    ],
)
def test_display_in_words(sentence: str, surface: str, words: str) -> None:
    (q,) = [q for q in find_quantities(sentence, BASE) if q.text == surface]
    assert q.to_dict()["display"] == words
    assert say(q.to_dict()) == words


def test_display_of_unresolved_dates_says_so() -> None:
    (q,) = find_quantities("said last Tuesday")
    assert q.to_dict()["display"] == "last Tuesday (date not resolved: no publication date)"
    (day,) = find_quantities("on Aug. 31")
    assert day.to_dict()["display"] == "31 August (year not given)"


def test_a_speech_tag_after_the_clause_does_not_set_its_tense() -> None:
    sentence = "The council will review the spending again in September, officials said."
    (q,) = find_quantities(sentence, date(2024, 3, 5))
    assert (q.text, q.iso) == ("September", "2024-09")


def test_the_tense_of_a_reported_clause_after_the_date_does_not_count() -> None:
    sentence = 'He said on "Face the Nation" on Sunday that he would do it.'
    (q,) = [q for q in find_quantities(sentence, APRIL_FRIDAY) if q.text == "Sunday"]
    assert q.iso == "2020-04-05"


@pytest.mark.parametrize(
    "phrase",
    [
        "ten yearſ",
        "5 mİnutes",
        "5 mınutes",
        "two weekſ",
        "the firſt quarter of 2020",
        "this ſummer",
        "2 centurıes",
    ],
)
def test_letters_that_re_i_folds_to_ascii_read_as_their_ascii_spelling(phrase: str) -> None:
    """İ ı ſ K match ASCII letters under `re.I`, so a pattern reads "ten yearſ"; the unit tables are keyed by the
    ASCII spelling (this raised KeyError before), and the quantity keeps the text as written."""
    from spinscope.claims.casefold import to_ascii_letters

    text = f"It was {phrase} then."
    found = find_quantities(text, date(2021, 1, 4))
    plain = find_quantities(to_ascii_letters(text), date(2021, 1, 4))
    assert [(q.type, q.iso, q.start, q.end) for q in found] == [
        (q.type, q.iso, q.start, q.end) for q in plain
    ]
    assert found and all(text[q.start : q.end] == q.text for q in found)
