"""Write cases.jsonl for the multi-quote check suite.

Every draft, source text, target and passage below was written by hand. This script only finds the
character offsets of each target in its draft and of each passage in its source, by exact string search
(each string must occur exactly once), and writes one JSON line per case. It generates no prose.

    python tests/checksuite/build.py
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent

AP = "sources/ap-0926-us-japan-trade.txt"
HEARING = "sources/tr-0610-millbrook-budget-hearing.txt"
VOTE = "sources/art-0617-millbrook-budget-vote.txt"
BRIEFING = "sources/tr-0314-harmon-measles-briefing.txt"
POSTGAME = "sources/tr-0308-carver-state-postgame.txt"
SCHOOLS = "sources/art-0218-harmon-school-start-times.txt"

# draft id -> the sources listed for every case of that draft
DRAFT_SOURCES: dict[str, list[str]] = {
    "d01": [HEARING],
    "d02": [HEARING],
    "d03": [VOTE, HEARING],
    "d04": [VOTE, HEARING],
    "d05": [BRIEFING],
    "d06": [BRIEFING],
    "d07": [POSTGAME],
    "d08": [POSTGAME],
    "d09": [SCHOOLS],
    "d10": [SCHOOLS],
    "d11": [AP],
    "d12": [AP],
}

# (case, draft, expected, speaker, target in draft, source path of the span or None, passage or None, note)
CASES: list[tuple[str, str, str, str, str, str | None, str | None, str]] = [
    # d01: Millbrook budget hearing, curly marks
    ("cs001", "d01", "verbatim", "Dana Whitfield",
     "“I will not balance this budget on the backs of the people who plow our streets and answer our 911 calls,”",
     HEARING,
     "I will not balance this budget on the backs of the people who plow our streets and answer our 911 calls.",
     "Exact words from Whitfield's opening statement; the draft ends the quote with a comma."),
    ("cs002", "d01", "altered", "Priya Nandakumar",
     "“Using one-time money to pay for recurring costs is something we can do once. It is not something I would "
     "recommend doing three years in a row.”",
     HEARING,
     "using one-time money to pay for recurring costs is something we can do once. It is not something I would "
     "recommend doing two years in a row.",
     "Source: 'doing two years in a row'; the draft says 'three years'. The capital U is cosmetic."),
    ("cs003", "d01", "unsupported", "Priya Nandakumar",
     "sales tax receipts were expected to recover by the end of the year",
     None, None,
     "Nandakumar says receipts are running 3.1 percent below last year; no one predicts a recovery "
     "(Kessler even worries that sales tax 'keeps sliding')."),
    ("cs004", "d01", "supported_paraphrase", "Raul Ortega",
     "he would bring an amendment to keep four branch libraries open on Sundays by moving $750,000 out of the "
     "city’s consulting budget",
     HEARING,
     "So I'll be bringing an amendment next week. It would take $750,000 out of the citywide consulting budget, "
     "which has grown by almost 40 percent in four years, and use it to keep those Sunday hours.",
     "Restates Ortega's announced amendment; the four branches are named earlier in the same turn."),
    ("cs005", "d01", "verbatim", "Raul Ortega",
     "“Closing the libraries on Sundays saves $610,000, and it costs us something we can’t put a number on,”",
     HEARING,
     "Closing the libraries on Sundays saves $610,000, and it costs us something we can't put a number on.",
     "Exact Ortega words with a curly apostrophe for the transcript's straight one; attributed by 'he said'."),
    # d02: Millbrook budget hearing, straight marks
    ("cs006", "d02", "unsupported", "Joan Kessler",
     "the city's credit rating had already been cut once this year",
     None, None,
     "Kessler only says 'the rating agencies read these budgets too'; nobody mentions a downgrade."),
    ("cs007", "d02", "verbatim", "Joan Kessler",
     "\"If we drop to 8.2 percent [in reserves], and sales tax keeps sliding, we are going to be back in this room "
     "next June with a bigger hole and a thinner cushion,\"",
     HEARING,
     "If we drop to 8.2 percent, and sales tax keeps sliding, we are going to be back in this room next June with "
     "a bigger hole and a thinner cushion.",
     "Exact Kessler words with the bracketed insertion '[in reserves]'; attributed by 'she said'."),
    ("cs008", "d02", "altered", "Marcus Bell",
     "\"Every month we wait on Station 9 is a month those families wait longer for help,\"",
     HEARING,
     "Every year we wait on Station 9 is a year those families wait longer for help.",
     "Source: 'Every year ... is a year'; the draft says 'month' twice."),
    ("cs009", "d02", "supported_paraphrase", "Marcus Bell",
     "a temporary ambulance post on the east side would cost about $900,000 a year to staff around the clock",
     HEARING,
     "It would not put an engine there, and it would cost us about $900,000 a year to staff around the clock.",
     "Bell's answer to Kessler's question about a temporary ambulance post on the east side."),
    ("cs010", "d02", "misattributed", "Marcus Bell",
     "\"close some of that gap while the station is built.\"",
     HEARING,
     "close some of that gap while the station is built?",
     "These are Joan Kessler's words, in her question to the chief; Bell only answered that a post 'would help "
     "with medical calls' and would not be a permanent fix."),
    ("cs011", "d02", "altered", "Dana Whitfield",
     "\"I'm not going to be the mayor who tells the east side to wait another two years,\"",
     HEARING,
     "I'm not going to be the mayor who tells the east side to wait another year.",
     "Source: 'wait another year'; the draft says 'another two years'."),
    # d03: council vote (article) and hearing, curly marks
    ("cs012", "d03", "paraphrase_in_quotes", "Raul Ortega",
     "“I’ve heard from more than 300 residents about the Sunday hours, and many of them are parents and "
     "students,”",
     VOTE,
     "he had heard from more than 300 residents about the Sunday hours, many of them parents and students",
     "The article reports this only indirectly ('Ortega said after the vote that he had heard from more than 300 "
     "residents...'); the transcript does not have it."),
    ("cs013", "d03", "verbatim", "Dana Whitfield",
     "“I proposed the Sunday cuts because I had to find the money somewhere. Councilmember Ortega found it "
     "somewhere better.\n\n“Now the harder work starts. We have to rebuild the reserve, and we have to do it "
     "without pretending the sales tax numbers will fix themselves.”",
     VOTE,
     "I proposed the Sunday cuts because I had to find the money somewhere. Councilmember Ortega found it "
     "somewhere better.\n\n\"Now the harder work starts. We have to rebuild the reserve, and we have to do it "
     "without pretending the sales tax numbers will fix themselves.",
     "Two-paragraph quote copied from the article's two-paragraph Whitfield quote (first paragraph left open, "
     "second reopened); the draft leaves out her first sentence."),
    ("cs014", "d03", "misattributed", "Dana Whitfield",
     "“Using one-time money to pay for recurring costs is something we can do once,”",
     HEARING,
     "using one-time money to pay for recurring costs is something we can do once.",
     "Priya Nandakumar said this at the hearing (Kessler repeats it as 'drawing down the reserve is something we "
     "can do once'); Whitfield said only that 'we can't make a habit of this'."),
    ("cs015", "d03", "paraphrase_in_quotes", "Joan Kessler",
     "“I respect the work that went into this budget, but I can’t vote for a spending plan that puts off the hard "
     "choices for another year,”",
     VOTE,
     "she respected the work that went into the budget but could not vote for a spending plan that put off the "
     "hard choices for another year",
     "The article reports Kessler's reason only indirectly; the draft turns it into first-person speech."),
    ("cs016", "d03", "supported_paraphrase", "Priya Nandakumar",
     "the reserve would end the year at about 8.2 percent of general fund spending, short of the council’s 10 "
     "percent target",
     VOTE,
     "the reserve would end the year at about 8.2 percent of general fund spending, below the council's 10 "
     "percent target",
     "Restates the article's indirect statement ('below' -> 'short of'); she also gives 8.2 and 10 percent at "
     "the hearing."),
    # d04: council vote (article) and hearing, straight marks
    ("cs017", "d04", "supported_paraphrase", "Joan Kessler",
     "Fire Chief Marcus Bell's account of response times had changed her mind",
     VOTE,
     "Fire Chief Marcus Bell's account of response times in the area had changed her mind about the station",
     "Shortened restatement of the article's indirect statement."),
    ("cs018", "d04", "verbatim", "Marcus Bell",
     "\"We'll be there for the east side a lot sooner than I feared a week ago,\"",
     VOTE,
     "We'll be there for the east side a lot sooner than I feared a week ago",
     "Exact Bell quote from the article; the speaker is named in the sentence before ('Fire Chief Marcus Bell's "
     "account')."),
    ("cs019", "d04", "paraphrase_in_quotes", "Priya Nandakumar",
     "\"Our plan will probably include a hiring freeze that goes beyond the 38 positions we've already frozen.\"",
     VOTE,
     "the plan would likely include a hiring freeze beyond the 38 positions already frozen",
     "The article has this only as reported speech; at the hearing she mentions the 38 frozen positions but no "
     "further freeze."),
    ("cs020", "d04", "supported_paraphrase", "Dana Whitfield",
     "she would sign the budget this week",
     VOTE,
     "she would sign the budget this week",
     "Same wording as the article's indirect statement."),
    ("cs021", "d04", "unsupported", "Dana Whitfield",
     "the city would ask voters next year to approve a sales tax increase",
     None, None,
     "Nobody proposes a tax increase; Whitfield says only that the reserve must be rebuilt 'without pretending "
     "the sales tax numbers will fix themselves' and stresses the unchanged property tax rate."),
    # d05: measles briefing, curly marks
    ("cs022", "d05", "verbatim", "Lena Marsh",
     "“Measles is not a rite of passage. It is one of the most contagious diseases we know of, and it can cause "
     "pneumonia, brain swelling and death,”",
     BRIEFING,
     "Measles is not a rite of passage. It is one of the most contagious diseases we know of, and it can cause "
     "pneumonia, brain swelling and death.",
     "Exact Marsh words (two sentences), quote first."),
    ("cs023", "d05", "unsupported", "Lena Marsh",
     "the county would close any school with a confirmed case",
     None, None,
     "Marsh says students without proof of immunity are excluded for 21 days; nobody speaks of closing schools."),
    ("cs024", "d05", "supported_paraphrase", "Samuel Okafor",
     "because the incubation period can last up to 21 days, new cases would probably keep appearing into April "
     "even if all new exposures stopped",
     BRIEFING,
     "The incubation period can be as long as 21 days, which means that even if we stopped every new exposure "
     "today, we would expect to keep seeing cases into April.",
     "Faithful restatement of Okafor's sentence; Marsh mentions 21 days only for school exclusion."),
    ("cs025", "d05", "altered", "Gregory Tran",
     "“Our emergency department has seen about three times the usual number of children with fevers and rashes "
     "this month.”",
     BRIEFING,
     "Our emergency department has seen about twice the usual number of children with fevers and rashes this "
     "month",
     "Source: 'about twice the usual number'; the draft says 'three times'. The source sentence continues after "
     "'this month'."),
    ("cs026", "d05", "unsupported", "Gregory Tran",
     "“We have had to postpone some elective surgeries to free up isolation rooms,”",
     None, None,
     "Tran says the opposite ('We have the staff and the beds to handle this'); no one mentions surgeries."),
    # d06: measles briefing, straight marks
    ("cs027", "d06", "altered", "Lena Marsh",
     "\"We gave 1,140 doses of MMR at our clinics last week. In a normal week we give about 130,\"",
     BRIEFING,
     "We gave 1,140 doses of MMR at our clinics last week. In a normal week we give about 310.",
     "Source: 'about 310'; the draft says 'about 130'."),
    ("cs028", "d06", "misattributed", "Lena Marsh",
     "\"One infected person in a crowded waiting room can expose dozens of people,\"",
     BRIEFING,
     "One infected person in a crowded waiting room can expose dozens of people",
     "Gregory Tran said this (the sentence continues 'including newborns and cancer patients'); Marsh speaks of "
     "vaccine doses, school exclusions and case counts."),
    ("cs029", "d06", "verbatim", "Samuel Okafor",
     "\"What I can tell you is that measles spreads to about nine out of ten unprotected people who are close to "
     "an infected person. ... In pockets where [vaccination rates are] low, it can go very far very quickly.\"",
     BRIEFING,
     "What I can tell you is that measles spreads to about nine out of ten unprotected people who are close to an "
     "infected person. In a community where vaccination rates are high, that doesn’t go very far. In pockets "
     "where they’re low, it can go very far very quickly.",
     "Exact Okafor words; '...' drops one sentence and '[vaccination rates are]' replaces 'they’re'."),
    ("cs030", "d06", "paraphrase_in_quotes", "Samuel Okafor",
     "\"Two of our elementary schools have kindergarten vaccination rates below 80 percent, compared with about "
     "91 percent for the county as a whole,\"",
     BRIEFING,
     "In two of the elementary schools involved, the kindergarten vaccination rate is under 80 percent. "
     "Countywide it’s about 91 percent.",
     "Same content from Okafor, but the draft rewrites his two sentences into one new sentence in quotation "
     "marks; too many changes to be 'altered'."),
    ("cs031", "d06", "supported_paraphrase", "Gregory Tran",
     "the hospital had set up a separate entrance on the east side of the building for patients who call ahead",
     BRIEFING,
     "We have set up a separate entrance on the east side of the building, and if you call ahead, our staff will "
     "meet you there and bring you straight to an isolation room.",
     "Restates Tran's description of the separate entrance."),
    # d07: postgame press conference, curly marks
    ("cs032", "d07", "verbatim", "Teresa Malone",
     "“I’ve been coaching 22 years and I’m not sure I’ve seen a better quarter from one player,”",
     POSTGAME,
     "I've been coaching 22 years and I'm not sure I've seen a better quarter from one player.",
     "Exact Malone words; curly apostrophes for the transcript's straight ones."),
    ("cs033", "d07", "supported_paraphrase", "Teresa Malone",
     "the comeback came mostly from effort rather than from any new plays",
     POSTGAME,
     "I didn't draw up anything new. We switched to a zone for a few possessions to change their rhythm, but "
     "mostly it was effort.",
     "Restates Malone's answer about halftime."),
    ("cs034", "d07", "supported_paraphrase", "Kiara Dawson",
     "she had been hesitating on every shot in the first half",
     POSTGAME,
     "In the first half I was hesitating on every shot, looking for somebody else.",
     "Restates Dawson's own account."),
    ("cs035", "d07", "verbatim", "Kiara Dawson",
     "“Once the first couple went in, the rim looked like a swimming pool,”",
     POSTGAME,
     "Once the first couple went in, the rim looked like a swimming pool.",
     "Exact Dawson words; attributed by 'she said'."),
    ("cs036", "d07", "misattributed", "Sofia Lindqvist",
     "“We’re a different team than we were in January,”",
     POSTGAME,
     "We're a different team than we were in January.",
     "Kiara Dawson said this in answer to the Western Tech question; Lindqvist also mentions Western Tech but "
     "not January."),
    # d08: postgame press conference, straight marks
    ("cs037", "d08", "altered", "Teresa Malone",
     "\"playing not to win.\"",
     POSTGAME,
     "playing not to lose",
     "Partial quote; source: 'we were playing not to lose', the draft says 'not to win', which reverses it."),
    ("cs038", "d08", "misattributed", "Kiara Dawson",
     "\"Our hearts weren't in it until the second half,\"",
     POSTGAME,
     "Our hearts weren't in it until the second half.",
     "Teresa Malone said this about halftime; Dawson talks about her own hesitation in the first half."),
    ("cs039", "d08", "verbatim", "Sofia Lindqvist",
     "\"I told [the trainer] on Friday there was no way I was watching a semifinal from the bench in my senior "
     "year,\"",
     POSTGAME,
     "I told her on Friday there was no way I was watching a semifinal from the bench in my senior year.",
     "Exact Lindqvist words; the bracket replaces 'her'."),
    ("cs040", "d08", "supported_paraphrase", "Sofia Lindqvist",
     "her job was to rebound and set screens, which did not take two healthy ankles",
     POSTGAME,
     "My job tonight was to rebound and set screens, and you don't need two perfect ankles to do that.",
     "Restates Lindqvist's sentence."),
    ("cs041", "d08", "unsupported", "Kiara Dawson",
     "the players had already watched film of their January loss to Western Tech",
     None, None,
     "Dawson says 'I don't care what happened in January'; nobody mentions watching film."),
    # d09: school start times article, straight marks
    ("cs042", "d09", "supported_paraphrase", "Carla Jimenez",
     "the change would cost about $1.2 million a year, far less than the district's 2023 estimate of $4.5 million",
     SCHOOLS,
     "the change would cost about $1.2 million a year, mostly for driver overtime and 11 additional bus routes, "
     "far less than the $4.5 million estimate the district produced in 2023",
     "Restates the article's indirect statement, leaving out the cost breakdown."),
    ("cs043", "d09", "altered", "Carla Jimenez",
     "\"We spent two years being told this couldn't be done without buying fourteen new buses,\"",
     SCHOOLS,
     "We spent two years being told this couldn’t be done without buying forty new buses",
     "Source: 'forty new buses'; the draft says 'fourteen'."),
    ("cs044", "d09", "altered", "Frank Dolan",
     "\"When six out of ten of our teenagers tell us they are running on less than eight hours of sleep, we have a "
     "problem we can fix, and we ought to fix it.\"",
     SCHOOLS,
     "When six out of ten of our teenagers tell us they are running on less than seven hours of sleep, we have a "
     "problem we can fix, and we ought to fix it.",
     "Source: 'less than seven hours'; the draft says 'eight'."),
    ("cs045", "d09", "unsupported", "Frank Dolan",
     "the board would revisit the elementary schedule if parents complained about young children waiting at bus "
     "stops in the dark",
     None, None,
     "The dark bus stops are Nadia Petrov's objection, but neither she nor Dolan says the board would revisit "
     "the schedule; not a misattribution."),
    ("cs046", "d09", "paraphrase_in_quotes", "Nadia Petrov",
     "\"This earlier start for the elementary schools is going to leave little kids standing at bus stops in the "
     "dark for part of the winter,\"",
     SCHOOLS,
     "the earlier elementary start would leave young children waiting at bus stops in the dark for part of the "
     "winter",
     "The article gives this only as Petrov's reported speech; her only quoted words are the 'solution ... "
     "problem' phrase."),
    ("cs047", "d09", "misattributed", "Aisha Grant",
     "\"a solution for one group of kids that creates a problem for another.\"",
     SCHOOLS,
     "a solution for one group of kids that creates a problem for another.",
     "Nadia Petrov's partial quote; Grant supports the change with a reservation about athletics."),
    # d10: school start times article, curly marks
    ("cs048", "d10", "supported_paraphrase", "Aisha Grant",
     "the union supported the later start but was worried about after-school athletics",
     SCHOOLS,
     "the union supported the change but was worried about after-school athletics",
     "Near-copy of the article's indirect statement ('the change' -> 'the later start')."),
    ("cs049", "d10", "verbatim", "Aisha Grant",
     "“But a schedule that looks good on paper can fall apart at 3:15 on a Tuesday, when a coach is stuck in a car "
     "line across town and forty kids are waiting in a gym.\n\n“We’re asking the district to sit down with us "
     "before the schedule is final, not after,”",
     SCHOOLS,
     "But a schedule that looks good on paper can fall apart at 3:15 on a Tuesday, when a coach is stuck in a car "
     "line across town and forty kids are waiting in a gym.\n\n“We’re asking the district to sit down with us "
     "before the schedule is final, not after.",
     "Two-paragraph quote, attributed only at its end by 'she said'; exact words of the article's two-paragraph "
     "Grant quote, final period changed to a comma."),
    ("cs050", "d10", "misattributed", "Carla Jimenez",
     "“I’m not skeptical anymore. When six out of ten of our teenagers tell us they are running on less than seven "
     "hours of sleep, we have a problem we can fix, and we ought to fix it.”",
     SCHOOLS,
     "I’m not skeptical anymore. When six out of ten of our teenagers tell us they are running on less than seven "
     "hours of sleep, we have a problem we can fix, and we ought to fix it.",
     "Board chair Frank Dolan said this; Jimenez's quotes are about buses and the schedule."),
    ("cs051", "d10", "paraphrase_in_quotes", "Carla Jimenez",
     "“I’ll sit down with union leaders and our athletic directors this month,”",
     SCHOOLS,
     "she would meet with union leaders and athletic directors this month",
     "The article reports this only indirectly ('Jimenez said she would meet with...')."),
    ("cs052", "d10", "paraphrase_in_quotes", "Len Morrow",
     "“We’ll have the new bus routes published by May 1.”",
     SCHOOLS,
     "his office would publish the new bus routes by May 1",
     "Morrow appears only in reported speech in the article."),
    ("cs053", "d10", "paraphrase_in_quotes", "Maya Okonkwo",
     "“I keep falling asleep in first-period chemistry,”",
     SCHOOLS,
     "she regularly falls asleep in her first-period chemistry class",
     "Reported speech in the article ('told the board she regularly falls asleep...'); her only quotes are "
     "'I’m not lazy' and 'I’m tired.'"),
    # d11: AP article, curly marks
    ("cs054", "d11", "verbatim", "Donald Trump",
     "“We’ve agreed today to start trade negotiations between the United States and Japan,”",
     AP,
     "We’ve agreed today to start trade negotiations between the United States and Japan",
     "Exact Trump quote, same marks and comma as the source."),
    ("cs055", "d11", "verbatim", "Donald Trump",
     "“This was something that for various reasons over the years Japan was unwilling to do … So we’re very "
     "happy about that,”",
     AP,
     "This was something that for various reasons over the years Japan was unwilling to do. And now they are "
     "willing to do. So we’re very happy about that.",
     "Exact Trump words; the ellipsis replaces 'And now they are willing to do.' Attributed by 'he said'."),
    ("cs056", "d11", "supported_paraphrase", "Shinzo Abe",
     "he wanted to find ways to strengthen economic ties between Japan and the United States",
     AP,
     "he wanted to find “ways to reinforce the economic ties between Japan and United States.”",
     "Paraphrases Abe's mixed quote ('reinforce' -> 'strengthen'), without quotation marks."),
    ("cs057", "d11", "misattributed", "Robert Lighthizer",
     "“will be something very exciting.”",
     AP,
     "will be something very exciting.",
     "Donald Trump's partial quote about the deal; Lighthizer is reported only on trade promotion authority."),
    ("cs058", "d11", "unsupported", "U.S.-Japan joint statement",
     "they aimed to conclude an agreement within a year",
     None, None,
     "The joint statement sets no deadline; it speaks of domestic procedures, 'early achievements' and other "
     "tariff issues."),
    # d12: AP article, straight marks
    ("cs059", "d12", "unsupported", "Donald Trump",
     "Japan had agreed to lower its tariffs on American beef as part of the talks",
     None, None,
     "The article mentions no beef or Japanese tariff concession; Trump speaks only of starting negotiations."),
    ("cs060", "d12", "misattributed", "Shinzo Abe",
     "\"So we're very happy about that,\"",
     AP,
     "So we’re very happy about that.",
     "Donald Trump said this about Japan's new willingness to negotiate; Abe's quoted words are only 'ways to "
     "reinforce the economic ties'."),
    ("cs061", "d12", "paraphrase_in_quotes", "Robert Lighthizer",
     "\"On Thursday I'll be talking to Congress about getting trade promotion authority so the president can "
     "negotiate the agreement.\"",
     AP,
     "he would be talking to Congress on Thursday about seeking trade promotion authority for the president to "
     "negotiate the agreement",
     "Lighthizer has no direct quote; the article reports this indirectly. Several phrases are kept from the "
     "reporter's wording."),
    ("cs062", "d12", "altered", "U.S.-Japan joint statement",
     "\"make efforts for the early solution of all tariff-related issues.\"",
     AP,
     "make efforts for the early solution of other tariff-related issues.",
     "Source: 'other tariff-related issues'; the draft says 'all', which widens the commitment."),
]


def find_once(haystack: str, needle: str, where: str) -> int:
    """Offset of the only occurrence of needle in haystack; raise if it occurs 0 or 2+ times."""
    count = haystack.count(needle)
    if count != 1:
        raise SystemExit(f"{where}: expected exactly one occurrence, found {count}: {needle[:60]!r}")
    return haystack.index(needle)


def build() -> list[dict]:
    """Turn CASES into case records with offsets."""
    records = []
    for case, draft_id, expected, speaker, target, span_path, passage, note in CASES:
        draft_path = f"drafts/{draft_id}.txt"
        draft = (HERE / draft_path).read_text(encoding="utf-8")
        start = find_once(draft, target, f"{case} {draft_path}")
        span = None
        if span_path is not None and passage is not None:
            source = (HERE / span_path).read_text(encoding="utf-8")
            s = find_once(source, passage, f"{case} {span_path}")
            span = {"path": span_path, "start": s, "end": s + len(passage)}
        records.append({
            "case": case, "draft": draft_path, "source": DRAFT_SOURCES[draft_id], "expected": expected,
            "quote_start": start, "quote_end": start + len(target), "speaker": speaker, "source_span": span,
            "note": note,
        })
    return records


def main() -> None:
    lines = [json.dumps(r, ensure_ascii=False) for r in build()]
    (HERE / "cases.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} cases to {HERE / 'cases.jsonl'}")


if __name__ == "__main__":
    main()
