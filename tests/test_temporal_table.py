"""Table-driven tagger cases: (text, publication date, expected expressions).

Each expected expression is (surface text, TIMEX3 type, TIMEX3 value[, mod]). The
sentences are written to exercise the linguistics, not copied from any corpus.
"""

from __future__ import annotations

from datetime import date

import pytest

from timeline.temporal import tag

D = date(2018, 10, 4)  # a Thursday
NO_DCT = None

CASES: list[tuple[str, date | None, list[tuple[str, ...]]]] = [
    # calendar dates in many orders
    ("The deal closed on Sept. 25, 2018.", D, [("Sept. 25, 2018", "DATE", "2018-09-25")]),
    ("It opened 25 September 2017 in Lyon.", D, [("25 September 2017", "DATE", "2017-09-25")]),
    ("Filed 09/25/2018 with the court.", D, [("09/25/2018", "DATE", "2018-09-25")]),
    ("Filed 25/09/2018 with the court.", D, [("25/09/2018", "DATE", "2018-09-25")]),
    ("Record dated 2018-09-25 shows it.", D, [("2018-09-25", "DATE", "2018-09-25")]),
    ("Sales peaked in September 2018.", D, [("September 2018", "DATE", "2018-09")]),
    ("The storm hit on Sept 25.", D, [("Sept 25", "DATE", "2018-09-25")]),
    ("Shares fell on Friday, Oct. 23, 1998.", D, [("Friday, Oct. 23, 1998", "DATE", "1998-10-23")]),
    ("The vote on Dec. 20 was close.", date(2019, 1, 5), [("Dec. 20", "DATE", "2018-12-20")]),
    ("The summit will open on Jan. 10.", date(2018, 12, 20), [("Jan. 10", "DATE", "2019-01-10")]),
    (
        "Talks resumed on the 3rd of March 2016.",
        D,
        [("the 3rd of March 2016", "DATE", "2016-03-03")],
    ),
    # a month that heads a chronology entry is a date; elsewhere before a colon, a name
    ("June: Repairs are ordered.", D, [("June", "DATE", "2018-06")]),
    ("- May: Work starts again.", D, [("May", "DATE", "2018-05")]),
    ("He met June: she smiled.", D, []),
    # years and what is not a year
    ("In 2012 the plant was sold.", D, [("2012", "DATE", "2012")]),
    ("They walked 2,130 miles and raised $180,000.", D, []),
    ("The 1,500 members and 3,000 exiles voted.", D, []),
    ("Police said 2000 people marched.", D, []),
    ("The plant, built in 1975, closed.", D, [("1975", "DATE", "1975")]),
    # decades, centuries and parts
    ("Prices rose in the early 2000s.", D, [("the early 2000s", "DATE", "200", "START")]),
    ("It was popular in the late 1990s.", D, [("the late 1990s", "DATE", "199", "END")]),
    ("Output recovered by mid-2015.", D, [("mid-2015", "DATE", "2015", "MID")]),
    ("Music of the '90s returned.", D, [("the '90s", "DATE", "199")]),
    ("Cities grew in the 19th century.", D, [("the 19th century", "DATE", "18")]),
    # seasons, quarters, halves
    (
        "Profit rose in the third quarter of 2017.",
        D,
        [("the third quarter of 2017", "DATE", "2017-Q3")],
    ),
    ("Third-quarter profit rose.", D, [("Third-quarter", "DATE", "2018-Q3")]),
    ("We met last summer.", D, [("last summer", "DATE", "2018-SU")]),
    ("Leaves fall in autumn 2016 were early.", D, [("autumn 2016", "DATE", "2016-FA")]),
    ("Sales in the first half of 2017 slowed.", D, [("the first half of 2017", "DATE", "2017-H1")]),
    # deictic expressions against the publication date
    ("Prices rose last month.", D, [("last month", "DATE", "2018-09")]),
    (
        "He resigned yesterday (Wednesday).",
        D,
        [("yesterday", "DATE", "2018-10-03"), ("Wednesday", "DATE", "2018-10-03")],
    ),
    ("The board met Tuesday.", D, [("Tuesday", "DATE", "2018-10-02")]),
    ("The board will meet Friday.", D, [("Friday", "DATE", "2018-10-05")]),
    ("It happened two years ago.", D, [("two years ago", "DATE", "2016")]),
    ("Rates will rise next year.", D, [("next year", "DATE", "2019")]),
    ("Rain fell over the weekend.", D, [("the weekend", "DATE", "2018-W39-WE")]),
    ("Shares slid this week.", D, [("this week", "DATE", "2018-W40")]),
    ("He arrived three days ago.", D, [("three days ago", "DATE", "2018-10-01")]),
    ("It was cold this morning.", D, [("this morning", "TIME", "2018-10-04TMO")]),
    ("Stocks closed at 4 p.m. Tuesday.", D, [("4 p.m. Tuesday", "TIME", "2018-10-02T16:00")]),
    # clock times in words
    ("The ferry left at 4 in the morning.", D, [("4 in the morning", "TIME", "2018-10-04T04:00")]),
    ("Shelling resumed at ten at night.", D, [("ten at night", "TIME", "2018-10-04T22:00")]),
    (
        "He spoke at 3:30 in the afternoon on Tuesday.",
        D,
        [("3:30 in the afternoon on Tuesday", "TIME", "2018-10-02T15:30")],
    ),
    # a weekday beside a year-less date picks the year it falls in
    (
        "The ruling came on Friday, Oct. 6.",
        date(2018, 12, 1),
        [("Friday, Oct. 6", "DATE", "2017-10-06")],
    ),
    # the weekday after publication is meant only when not already said or done
    (
        "The chair said on Tuesday that fees would rise.",
        date(2021, 3, 15),
        [("Tuesday", "DATE", "2021-03-09")],
    ),
    ("Albright heads Tuesday to Nairobi.", date(2021, 3, 15), [("Tuesday", "DATE", "2021-03-16")]),
    # a quarter named by its end day
    (
        "In the quarter ended July 31, sales fell.",
        date(1989, 10, 30),
        [("the quarter", "DATE", "1989-Q2"), ("July 31", "DATE", "1989-07-31")],
    ),
    # a month named again without a tense of its own is the same month
    (
        "The members are expected to join in April. They can plan the summit in April.",
        date(2018, 12, 5),
        [("April", "DATE", "2019-04"), ("April", "DATE", "2019-04")],
    ),
    # "the day after <event>" counts from the story's day, unless it restates a date
    (
        "He was shot on Oct. 23. Two men came to his house the day after his death.",
        date(1998, 11, 20),
        [("Oct. 23", "DATE", "1998-10-23"), ("the day", "DATE", "1998-10-24")],
    ),
    (
        "He was last seen Nov. 3, the day before a warrant was issued.",
        date(1998, 11, 20),
        [("Nov. 3", "DATE", "1998-11-03"), ("the day", "DATE", "1998-11-03")],
    ),
    # hyphenated durations, and a count that is not a rate
    ("After a day-long meeting they left.", D, [("day-long", "DURATION", "P1D")]),
    ("It ended a decades-long feud.", D, [("decades-long", "DURATION", "PXDE")]),
    ("An appeal could take a month or two.", D, [("a month or two", "DURATION", "P1M", "APPROX")]),
    (
        "He is now retired and currently lives abroad.",
        D,
        [("now", "DATE", "PRESENT_REF"), ("currently", "DATE", "PRESENT_REF")],
    ),
    ("Crime has dropped in recent years.", D, [("recent years", "DATE", "PAST_REF")]),
    ("Earlier this year, sales fell.", D, [("Earlier this year", "DATE", "2018", "START")]),
    # narrative time
    (
        "The flood came on March 3, 2010. The following day the dam broke.",
        D,
        [("March 3, 2010", "DATE", "2010-03-03"), ("The following day", "DATE", "2010-03-04")],
    ),
    (
        "Output fell in the quarter. A year earlier it had risen.",
        date(1998, 10, 20),
        [("the quarter", "DATE", "1998-Q3"), ("A year earlier", "DATE", "1997-Q3")],
    ),
    # durations and sets
    ("The trial lasted two years.", D, [("two years", "DURATION", "P2Y")]),
    ("It took several months.", D, [("several months", "DURATION", "PXM")]),
    (
        "A five-year plan and a 16-hour shift.",
        D,
        [("five-year", "DURATION", "P5Y"), ("16-hour", "DURATION", "PT16H")],
    ),
    # "about" stays out of the span (TimeBank and AQUAINT mostly do so) but keeps the mod
    ("Prices fell for about three weeks.", D, [("three weeks", "DURATION", "P3W", "APPROX")]),
    ("The ferry left at about 6:15 a.m.", D, [("6:15 a.m.", "TIME", "2018-10-04T06:15", "APPROX")]),
    ("Repairs took nearly two days.", D, [("nearly two days", "DURATION", "P2D", "APPROX")]),
    (
        "The race is run each year and trains run every week.",
        D,
        [("each year", "SET", "P1Y"), ("every week", "SET", "P1W")],
    ),
    (
        "Dividends are paid quarterly and reviewed annually.",
        D,
        [("quarterly", "SET", "P3M"), ("annually", "SET", "P1Y")],
    ),
    ("It rained this past weekend.", D, [("this past weekend", "DATE", "2018-W39-WE")]),
    (
        "The talks began at 0900 GMT Thursday.",
        D,
        [("0900 GMT", "TIME", "2018-10-04T09:00"), ("Thursday", "DATE", "2018-10-04")],
    ),
    (
        "It opened in nineteen ninety-six and closed in the nineties.",
        D,
        [("nineteen ninety-six", "DATE", "1996"), ("the nineties", "DATE", "199")],
    ),
    (
        "The refugees stayed 2 1/2 years, a minute and a half of fame.",
        D,
        [("2 1/2 years", "DURATION", "P2Y6M"), ("a minute and a half", "DURATION", "PT1M30S")],
    ),
    (
        "Sales in January this year beat June last year.",
        D,
        [("January this year", "DATE", "2018-01"), ("June last year", "DATE", "2017-06")],
    ),
    (
        "He quit on June 2, 1999. The day before, he had signed.",
        D,
        [("June 2, 1999", "DATE", "1999-06-02"), ("The day before", "DATE", "1999-06-01")],
    ),
    ("Workers aged 55 years old and a 37-year-old man.", D, []),
    ("Imports cover about three-quarters of demand and 358,000 a month.", D, []),
    (
        "The festival, set for June 7-14, moved.",
        date(1997, 4, 15),
        [("June 7", "DATE", "1997-06-07"), ("14", "DATE", "1997-06-14")],
    ),
    (
        "Results for Q3 2020 and 2019-H1 were flat.",
        D,
        [("Q3 2020", "DATE", "2020-Q3"), ("2019-H1", "DATE", "2019-H1")],
    ),
    (
        "Wages grew over the past decade but fell in the last decade.",
        D,
        [("the past decade", "DURATION", "P10Y"), ("the last decade", "DATE", "200")],
    ),
    (
        "For the year ended Sept. 30, sales rose; for the year, volume fell.",
        date(1989, 11, 2),
        [
            ("the year", "DURATION", "P1Y"),
            ("Sept. 30", "DATE", "1989-09-30"),
            ("the year", "DATE", "1989"),
        ],
    ),
    # tense: the closest cue decides
    ("The bank said Monday that it intends to sell.", D, [("Monday", "DATE", "2018-10-01")]),
    ("In January, the firm bought a rival.", date(1989, 11, 2), [("January", "DATE", "1989-01")]),
    (
        "Mr. Smith will succeed Dr. P. Jones Feb. 1.",
        date(1989, 11, 2),
        [("Feb. 1", "DATE", "1990-02-01")],
    ),
    (
        "The offer had been scheduled to expire at midnight Tuesday.",
        D,
        [("midnight Tuesday", "TIME", "2018-10-02T24:00")],
    ),
    # words that are not dates
    ("You may go, and troops march at dawn.", D, []),
    ("Prices may fall in the second round.", D, []),
    ("August Wilson wrote plays.", D, []),
    ("The fall of the empire was slow.", D, []),
    ("Sun and Sat are abbreviations.", D, []),
    ("He said as soon as possible.", D, []),
    # tense cues: a capitalised "-ed" word is a name, not a past verb
    (
        "The envoy said the minister would fly to the United States Tuesday.",
        D,
        [("Tuesday", "DATE", "2018-10-09")],
    ),
    ("Flights could resume as early as Monday.", D, [("Monday", "DATE", "2018-10-08")]),
    ("The crew has scheduled a test flight Saturday.", D, [("Saturday", "DATE", "2018-10-06")]),
    # a participle after "be" takes the tense of its auxiliary
    ("The final will be held in April.", D, [("April", "DATE", "2019-04")]),
    ("The gala is to be hosted in August.", D, [("August", "DATE", "2019-08")]),
    # a future clause takes the coming occurrence of a year-less month
    ("She will command a mission in June.", D, [("June", "DATE", "2019-06")]),
    ("The new line will open in July.", date(2018, 1, 20), [("July", "DATE", "2018-07")]),
    # "next to" is a place, not a future cue
    ("Two stalls burned next to the station on Monday.", D, [("Monday", "DATE", "2018-10-01")]),
    # "Until <day>," opens a clause whose own verb decides the tense
    ("Until Monday, nobody had called the police.", D, [("Monday", "DATE", "2018-10-01")]),
    ("The bridge stays shut until Monday.", D, [("Monday", "DATE", "2018-10-08")]),
    # "soon" after a past event is not a future reference
    ("The rain began at dawn and soon turned to snow.", D, []),
    ("He was soon released on bail.", D, []),
    ("Prosecutors may soon file charges.", D, [("soon", "DATE", "FUTURE_REF")]),
    ("The board will soon vote.", D, [("soon", "DATE", "FUTURE_REF")]),
    # "in/during the day" is a part of a day, not a date
    ("Talks resumed on Monday. Later in the day the envoy left.", D,
     [("Monday", "DATE", "2018-10-01")]),
    ("During the day the square stayed calm.", D, []),
    ("They met on March 3, 2010. The day after, he left.", D,
     [("March 3, 2010", "DATE", "2010-03-03"), ("The day after", "DATE", "2010-03-04")]),
    # "last Oct. 23": the day, not the month
    ("He died last Oct. 23 at home.", date(2019, 4, 19), [("Oct. 23", "DATE", "2018-10-23")]),
    ("Prices fell last October.", date(2019, 4, 19), [("last October", "DATE", "2018-10")]),
    # two days of one month joined by "and", "or", "to"
    (
        "The fair runs on May 24 and 25, 2019.",
        D,
        [("May 24", "DATE", "2019-05-24"), ("25, 2019", "DATE", "2019-05-25")],
    ),
    (
        "Voting was held on June 3 or 4.",
        D,
        [("June 3", "DATE", "2018-06-03"), ("4", "DATE", "2018-06-04")],
    ),
    ("By June 3 and 4 percent of the crop was lost.", D, [("June 3", "DATE", "2018-06-03")]),
    # months as names and nouns
    ("Ministers Ana Duarte and Jan Novak signed the pact.", D, []),
    ("She led the March of the Miners in the capital.", D, []),
    ("Sales rose in Jan. and fell later.", D, [("Jan.", "DATE", "2018-01")]),
    # "current" as an adjective before a noun is the present; the noun and fixed terms are not
    ("He came with his current partner.", D, [("current", "DATE", "PRESENT_REF")]),
    ("The current of the river was strong.", D, []),
    ("The current account deficit widened.", D, []),
    ("Sell at the then current price.", D, []),
    ("Sales in the current quarter rose.", D, [("the current quarter", "DATE", "2018-Q4")]),
    # "the weeks before/after X": a vague span; TimeML tags the unit word only
    ("In the weeks before the vote, prices rose.", D, [("weeks", "DURATION", "PXW")]),
    ("Aid arrived in the days after the storm.", D, [("days", "DURATION", "PXD")]),
    ("The weeks were long.", D, []),
    # a clock time without a day takes the day the story last named, a few sentences back
    (
        "The ferry sank on Oct. 2, 2017. Rescue boats, slowed by fog and by high winds "
        "along the northern coast, searched the water for survivors through the evening "
        "and finally found the hull at 10 p.m.",
        D,
        [("Oct. 2, 2017", "DATE", "2017-10-02"), ("10 p.m.", "TIME", "2017-10-02T22:00")],
    ),
    # a bare weekday: within the week around the publication date; the day after it
    # (news filed for the next morning) keeps its date whatever the tense
    ("The envoy headed Friday to Nairobi.", D, [("Friday", "DATE", "2018-10-05")]),
    ("The minister resigned Wednesday.", D, [("Wednesday", "DATE", "2018-10-03")]),
    ("The minister resigned Thursday.", D, [("Thursday", "DATE", "2018-10-04")]),
    ("The minister resigned Saturday.", D, [("Saturday", "DATE", "2018-09-29")]),
    ("The rebels will meet Wednesday.", D, [("Wednesday", "DATE", "2018-10-10")]),
    ("Stocks closed at 4 p.m. Friday.", D, [("4 p.m. Friday", "TIME", "2018-10-05T16:00")]),
    # "Tuesday's ruling" has happened, whatever the clause's tense; "ahead of" looks on
    (
        "The family said it would try to get around Tuesday's ruling.",
        D,
        [("Tuesday", "DATE", "2018-10-02")],
    ),
    ("Parties are campaigning hard ahead of Sunday's vote.", D, [("Sunday", "DATE", "2018-10-07")]),
    (
        "Albright headed Tuesday to East Africa.",
        date(1998, 8, 17),
        [("Tuesday", "DATE", "1998-08-18")],
    ),
    # "N hours/days later": a duration anchored on an undated event, without "later";
    # "just" and "well" stay outside the span
    (
        "Just over an hour later, he was declared dead.",
        D,
        [("over an hour", "DURATION", "PT1H", "MORE_THAN")],
    ),
    ("Three days later, the army withdrew.", D, [("Three days", "DURATION", "P3D")]),
    ("Two hours earlier, the guards had left.", D, [("Two hours", "DURATION", "PT2H")]),
    ("A few minutes later the lights went out.", D, [("A few minutes", "DURATION", "PTXM")]),
    ("A year earlier, profit was higher.", D, [("A year earlier", "DATE", "2017")]),
    (
        "He retired just over two years ago.",
        D,
        [("over two years ago", "DATE", "2016", "BEFORE")],
    ),
    (
        "The strike lasted just under three weeks.",
        D,
        [("under three weeks", "DURATION", "P3W", "LESS_THAN")],
    ),
    # "the week of <date>": the ISO week holding that day
    (
        "A hearing is set for the week of March 6, his lawyer said.",
        date(2000, 2, 24),
        [("the week of March 6", "DATE", "2000-W10")],
    ),
    (
        "It resumes the week of Jan. 3, 2011.",
        NO_DCT,
        [("the week of Jan. 3, 2011", "DATE", "2011-W01")],
    ),
    ("It resumes the week of Jan. 3.", NO_DCT, [("the week of Jan. 3", "DATE", "XXXX-WXX")]),
    # an "-ed" word after a determiner is an adjective, not a past-tense verb
    (
        "The split would be paid on a still unspecified date in January.",
        date(1989, 10, 26),
        [("January", "DATE", "1990-01")],
    ),
    # "since year-end" and a past clause take the last year-end, a future one the next
    ("The change is since year-end.", date(1989, 10, 30), [("year-end", "DATE", "1988-12-31")]),
    ("Debt will fall by year-end.", date(1989, 10, 30), [("year-end", "DATE", "1989-12-31")]),
    # a sentence ends after closing quotes: a year in the quoted sentence does not
    # give its year to a quarter in the next one
    (
        'He cut his 1990 forecast, calling it "fair." While third-quarter sales fell, he stayed.',
        date(1989, 10, 26),
        [("1990", "DATE", "1990"), ("third-quarter", "DATE", "1989-Q3")],
    ),
    # "last year" compared with a quarter just reported is that quarter a year before
    (
        "Third-quarter net rose to $5 million from $3 million last year.",
        date(1989, 10, 26),
        [("Third-quarter", "DATE", "1989-Q3"), ("last year", "DATE", "1988-Q3")],
    ),
    (
        "Third-quarter net rose. The firm was founded last year.",
        date(1989, 10, 26),
        [("Third-quarter", "DATE", "1989-Q3"), ("last year", "DATE", "1988")],
    ),
    ("Net rose to $5 million from $3 million last year.", date(1989, 10, 26),
     [("last year", "DATE", "1988")]),
    # "this coming Sunday" is the next one; spelled numbers before a unit are amounts
    ("It is this coming Sunday.", date(1998, 3, 5), [("this coming Sunday", "DATE", "1998-03-08")]),
    ("They kept the secret for more than two thousand years.", D, []),
    ("The hall seats more than 2021 people.", D, []),
    ("In two thousand five the plant closed.", D, [("two thousand five", "DATE", "2005")]),
    # "the previous/following <weekday>" is seen from the story's day
    (
        "Stocks fell Friday. The index closed 4.5% below the previous Friday.",
        date(1989, 10, 30),
        [("Friday", "DATE", "1989-10-27"), ("the previous Friday", "DATE", "1989-10-20")],
    ),
    (
        "The talks began on March 3, 2010. They ended the following Monday.",
        D,
        [("March 3, 2010", "DATE", "2010-03-03"), ("the following Monday", "DATE", "2010-03-08")],
    ),
    ("It fell from the previous Friday.", NO_DCT, [("the previous Friday", "DATE", "XXXX-WXX-5")]),
    # a fronted adverbial waits for its clause's verb, past an abbreviation ("vs.")
    (
        "In March, a week after the Smith vs. Jones hearing in the capital, a fire "
        "destroyed the court archive.",
        date(1998, 10, 25),
        [("March", "DATE", "1998-03")],
    ),
    # a part of a month named with "this/next year"
    (
        "Talks began in early October this year and end in late April next year.",
        date(1998, 12, 3),
        [
            ("early October this year", "DATE", "1998-10", "START"),
            ("late April next year", "DATE", "1999-04", "END"),
        ],
    ),
    # two-digit years: within five years after publication at most; a count is no year
    (
        "He told '60 Minutes that in '98 and '03 little changed.",
        date(1999, 1, 1),
        [("'98", "DATE", "1998"), ("'03", "DATE", "2003")],
    ),
    ("Sales in '98 fell.", date(2001, 1, 1), [("'98", "DATE", "1998")]),
    # a capitalised "Noon" mid-sentence is a title
    (
        "She quoted the film High Noon. At noon they met.",
        D,
        [("noon", "TIME", "2018-10-04T12:00")],
    ),
    # feasts counted from Easter; a feast's name before a capitalised word is a name
    (
        "Crowds prayed as Easter week began. Shops shut on Easter Monday, 2019.",
        date(2000, 4, 17),
        [("Easter week", "DATE", "2000-W16"), ("Easter Monday, 2019", "DATE", "2019-04-22")],
    ),
    ("They landed on Good Friday.", date(2000, 4, 17), [("Good Friday", "DATE", "1999-04-02")]),
    ("We will meet at Easter.", date(2000, 4, 17), [("Easter", "DATE", "2000-04-23")]),
    ("Ash Wednesday 2024 was early.", D, [("Ash Wednesday 2024", "DATE", "2024-02-14")]),
    # a year that opens the sentence frames its year-less dates
    (
        "In 1998, prices rose in February.",
        D,
        [("1998", "DATE", "1998"), ("February", "DATE", "1998-02")],
    ),
    (
        "By 2030 the line will open in May.",
        D,
        [("2030", "DATE", "2030"), ("May", "DATE", "2030-05")],
    ),
    (
        "Under a plan approved in 1987, it bought shares through Sept. 29.",
        date(1989, 10, 30),
        [("1987", "DATE", "1987"), ("Sept. 29", "DATE", "1989-09-29")],
    ),
    ("The Good Friday Agreement and Easter Island.", D, []),
    # days counted from a dated day, unless the count is a span ending then
    (
        "The day before last Tuesday's hearing, he flew home.",
        date(2000, 2, 24),
        [("The day before last Tuesday", "DATE", "2000-02-21")],
    ),
    ("Two days after Christmas they left.", date(2000, 2, 24),
     [("Two days after Christmas", "DATE", "1999-12-27")]),
    (
        "It had rained for two days before Oct. 5, 2001.",
        D,
        [("two days", "DURATION", "P2D"), ("Oct. 5, 2001", "DATE", "2001-10-05")],
    ),
    # an adverb before a preposition; idioms and the years that followed
    ("Crowds gather daily outside the house.", D, [("daily", "SET", "P1D")]),
    ("His daily life is hard.", D, []),
    ("For Poland, high noon comes today.", D, [("today", "DATE", "2018-10-04")]),
    ("In the years that followed, they fought.", D, [("years", "DURATION", "PXY")]),
    # no publication date: inferred or unresolved
    (
        "The war began in 1914. On Sept 25 the offensive stalled.",
        NO_DCT,
        [("1914", "DATE", "1914"), ("Sept 25", "DATE", "1914-09-25")],
    ),
    ("On Sept 25 the offensive stalled.", NO_DCT, [("Sept 25", "DATE", "XXXX-09-25")]),
]


@pytest.mark.parametrize(("text", "dct", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_table(text: str, dct: date | None, expected: list[tuple[str, ...]]) -> None:
    got = [(t.text, t.type, t.value) + ((t.mod,) if t.mod else ()) for t in tag(text, dct)]
    assert got == expected
    for t in tag(text, dct):
        assert text[t.start : t.end] == t.text


ANCHORING = [
    ("In 2003 sales rose.", D, "absolute"),
    ("Sales rose last month.", D, "dct"),
    ("The war began in 1914. On Sept 25 it stalled.", None, "inferred"),
    ("On Sept 25 it stalled.", None, "unresolved"),
    ("It began on March 3, 2010. The next day it ended.", D, "narrative"),
]


@pytest.mark.parametrize(("text", "dct", "anchoring"), ANCHORING)
def test_anchoring(text: str, dct: date | None, anchoring: str) -> None:
    assert tag(text, dct)[-1].anchoring == anchoring


PHRASES = [
    ("Sales rose since 2003.", "since 2003", "2003/.."),
    ("Prices doubled from 2003 to 2012.", "from 2003 to 2012", "2003/2012"),
    ("Output in 2009-2010 fell.", "2009-2010", "2009/2010"),
    ("The plant will close by 2019.", "by 2019", "../2019"),
    ("Nothing changed before 1990.", "before 1990", "../1990"),
    ("It grew after March 2004.", "after March 2004", "2004-03/.."),
    ("It ran between 1990 and 1995.", "between 1990 and 1995", "1990/1995"),
    ("The plant must close no later than 2021.", "no later than 2021", "../2021"),
    ("The line reopens no earlier than 2021.", "no earlier than 2021", "2021/.."),
]


@pytest.mark.parametrize(("text", "phrase", "edtf"), PHRASES)
def test_phrases(text: str, phrase: str, edtf: str) -> None:
    timexes = tag(text, D)
    assert timexes, text
    for t in timexes:
        assert t.phrase is not None and t.phrase.text == phrase
        assert text[t.phrase.start : t.phrase.end] == phrase
        assert t.edtf == edtf


def test_sorted_non_overlapping_and_edtf() -> None:
    text = (
        "On Monday, Jan. 5, 1998, at 10 a.m. EST, the bank said third-quarter profit, "
        "up 5% from a year earlier, would be paid in the spring of 1999 or early next year."
    )
    timexes = tag(text, date(1998, 1, 6))
    assert [t.start for t in timexes] == sorted(t.start for t in timexes)
    for a, b in zip(timexes, timexes[1:], strict=False):
        assert a.end <= b.start
    spring = next(t for t in timexes if "spring" in t.text)
    assert spring.value == "1999-SP" and spring.edtf == "1999-21"
    early = next(t for t in timexes if t.text == "early next year")
    assert (early.value, early.mod, early.edtf) == ("1999", "START", "1999-01/1999-04")


READINGS = [
    # "earlier this month" is the month up to publication; TimeML keeps START
    ("Earlier this month the bank failed.", "2018-10", "START", "2018-10-01/2018-10-03"),
    ("Earlier this year the bank failed.", "2018", "START", "2018-01-01/2018-10-03"),
    ("Later this year the bank will appeal.", "2018", "END", "2018-10-05/2018-12-31"),
    # "early" is not "earlier": the first part of the period, wherever publication is
    ("Early this year the bank failed.", "2018", "START", "2018-01/2018-04"),
]


@pytest.mark.parametrize(("text", "value", "mod", "edtf"), READINGS)
def test_earlier_and_later_this_period_are_read_from_publication(
    text: str, value: str, mod: str, edtf: str
) -> None:
    (t,) = tag(text, D)
    assert (t.value, t.mod, t.edtf) == (value, mod, edtf)
