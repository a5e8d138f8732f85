"""Speaker entities: every quote's speaker mention resolved to one entity per real-world speaker.

:func:`link` takes a document whose quotes carry ``speaker`` mention spans (from the model or gold data) and
returns it with ``entities`` filled and each quote's ``entity`` set. It is deterministic and needs no model:

1. The text is read once into *name runs* — capitalised word sequences such as "Japanese Prime Minister
   Shinzo Abe" split into the title ("Japanese Prime Minister") and the name ("Shinzo Abe"). Every full name
   becomes a person entity up front, so a surname ("Abe", "Mr. Trump") can take the fullest name the article
   uses even when it appears later. The words around each name (titles, "Donald Trump, the Republican
   nominee,") become the roles that nominals ("the Republican nominee") match, and titles, first names and
   the pronouns that follow a name give its gender.
2. The text's names and the speaker mentions are then walked in order, so that what came before a pronoun
   or a bare surname is known when it is resolved:

   - names: one entity per person, however the text names them; a bare surname goes to the most salient
     person with that surname (two Clintons stay two people);
   - pronouns: the most recent compatible entity, walking back sentence by sentence and preferring the
     speakers of earlier quotes and then sentence subjects; "I"/"we" inside another quote is that quote's
     speaker, outside quotes it is the author (unnamed);
   - nominals: "the prime minister" matches the person whose titles say so, then the registry's roles;
   - organisations and documents by head noun ("the statement" → the earlier statement);
   - groups ("The United States and Japan" → "United States; Japan"), unnamed sources (one entity each).
3. A :class:`~attrib.registry.Registry` gives canonical names and Wikidata ids, and resolves roles the
   article does not spell out.

Documents are named by their own title by default ("U.S.-Japan joint statement"); ``documents="issuer"``
names them by whoever issued them ("a Quinnipiac University poll" → "Quinnipiac University"), the
convention of the polnear-speakers labels.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal

from .document import Document, Entity, EntityKind, Span
from .implicit import Context
from .marks import Marks, find_marks

if TYPE_CHECKING:
    from .implicit import ImplicitSpeakers
    from .registry import Registry, RegistryEntry

DocumentNames = Literal["title", "issuer"]

# -- lexicon -----------------------------------------------------------------------------------------------
# Words that come before a name as a title ("Sen.", "Prime Minister"); everything up to the last of them in a
# capitalised run is the title, the rest is the name.
_TITLES = frozenset(
    """mr mrs ms miss mx dr sen sens senator senators rep reps representative gov governor president
    vice secretary minister prime chancellor premier chairman chairwoman chairperson chair director judge
    justice mayor speaker leader gen general adm admiral lt col capt sgt cmdr rev reverend pope
    commissioner ambassador attorney chief officer spokesman spokeswoman
    sheriff deputy professor prof dean councilman councilwoman councilmember alderman alderwoman congressman
    congresswoman assemblyman
    assemblywoman candidate nominee ceo cfo coo founder superintendent pastor bishop cardinal rabbi imam
    detective inspector coach correspondent anchor host president-elect treasurer comptroller administrator
    emir sheikh ayatollah chairman-elect lieutenant colonel captain sergeant representatives whip majority
    minority first lady""".split()
)
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr sen sens rep reps gov gen adm lt col capt sgt cmdr rev prof st jr sr mt ft jan feb mar apr
    jun jul aug sep sept oct nov dec inc corp co ltd no vs messrs""".split()
)
_EXPAND = {
    "sen": "senator", "sens": "senator", "senators": "senator", "rep": "representative", "reps": "representative",
    "gov": "governor", "gen": "general", "adm": "admiral", "lt": "lieutenant", "col": "colonel",
    "capt": "captain", "sgt": "sergeant", "rev": "reverend", "prof": "professor", "gop": "republican",
    "r": "republican", "d": "democratic", "i": "independent", "democrat": "democratic",
}
# Role heads that mean the same job ("the GOP candidate" is the "Republican nominee").
_ROLE_SYNONYMS = {
    "candidate": ("nominee",), "nominee": ("candidate",), "lawyer": ("attorney",), "attorney": ("lawyer",),
    "chair": ("chairman", "chairwoman"), "chairman": ("chair",), "chairwoman": ("chair",),
    "spokesman": ("spokesperson", "spokeswoman"), "spokeswoman": ("spokesperson", "spokesman"),
    "congressman": ("representative",), "congresswoman": ("representative",), "lawmaker": ("senator",
    "representative", "congressman", "congresswoman"), "justice": ("judge",), "judge": ("justice",),
}
_MALE_WORDS = frozenset("mr he him his himself man father husband son brother king prince sir lord".split())
_FEMALE_WORDS = frozenset("mrs ms miss she her hers herself woman mother wife daughter sister queen princess lady "
                          "dame widow spokeswoman chairwoman congresswoman councilwoman businesswoman".split())
# First names whose gender is (nearly) unambiguous in English-language news; anything else is left to titles
# and to the pronouns that follow the name in the text.
_FEMALE_NAMES = frozenset(
    """hillary melania ivanka ivana michelle laura nancy elizabeth loretta donna debbie kellyanne huma sarah susan
    jennifer katrina connie ava megan theresa angela marine nikki condoleezza madeleine janet carly
    jill kamala amy kirsten tammy barbara dianne patty maxine mary karen lisa linda patricia jessica emily emma
    olivia sophia anna maria julia rachel rebecca catherine katherine kate kathleen margaret ellen helen alice ann
    anne jane joan judy julie kelly lauren lily lynn marie martha melissa monica natalie nicole pamela sandra
    sharon stephanie tina valerie victoria wendy christine christina claire deborah denise diane dorothy elaine
    erin eva grace hannah heather irene jacqueline jean jeanne joyce kristen leslie liz lori louise marilyn melanie
    nina paula rose ruth sally samantha sara sheila sylvia teresa tracy vanessa virginia ellie olive chelsea neera
    carol cynthia gina holly hope kathy betsy maggie abigail brenda cheryl jan jo joanne kim lucy megyn rosie
    beyonce oprah""".split()
)
_MALE_NAMES = frozenset(
    """donald barack bill mike tim joe bernie ted marco john jeb chris paul mitch harry george ronald richard james
    robert michael david william thomas charles daniel mark steven steve kevin brian jason jeff jeffrey josh joshua
    eric scott gary larry frank peter patrick andrew anthony matthew ryan jon jonathan rush bob jim tom dick newt
    rudy reince sean stephen ben benjamin rand rick ron rob roger sam samuel shinzo vladimir kenneth keith kyle
    lloyd lawrence howard henry jack jacob jerry jimmy joseph juan justin luis martin matt mitt nick nicholas
    phil philip ralph ray raymond russell timothy todd tony victor walter wayne ed edward evan francis fred
    glenn greg gregory hank harold ivan bryan carl chuck cory dan dave dennis doug douglas
    dwight gerald jared jesse al alan albert alex alexander allen andy arthur barry bernard brad bruce calvin
    carlos chad charlie clarence colin craig curtis dale derek don earl eugene franklin gavin gordon grant hugh
    ian isaac jake jeremy joel kurt leon louis marc marcus mario max mohammed muhammad nathan neil norman oliver
    oscar preet randy rex rod roy sergei seth stan stuart theodore travis trey vincent warren wesley zach xi
    bashar recep benjamin emmanuel francois justin narendra abdel hassan ali omar ahmed jamal""".split()
)
# Determiners and other words that open a sentence and are not part of a name that follows.
_STOP = frozenset(
    """the a an and or but so yet if as at in on of for to by from with without under over during after before
    since while when where why how what who whom whose which that this these those it its he she they we i you
    his her their our my your then now still even also only both each every many most some several other
    another all any no not like unlike asked one meanwhile however though although because until unless once
    last next today yesterday tomorrow here there instead indeed perhaps thus hence according despite among
    between against about above across around near behind beyond through toward towards upon within via
    said says told former late then- would could should will can did does do is was were are has have had
    don't can't won't""".split()
)
_MONTHS_DAYS = frozenset(
    """january february march april may june july august september october november december jan feb mar apr
    jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday""".split()
)
# Party and nationality adjectives that can stand before a name without being part of it.
_DESCRIPTORS = frozenset(
    """republican republicans democrat democratic democrats gop independent libertarian conservative liberal
    american japanese chinese russian mexican british french german canadian israeli iranian iraqi syrian
    korean indian pakistani saudi turkish italian spanish european african asian cuban venezuelan brazilian
    ukrainian australian irish scottish palestinian egyptian afghan then-candidate u.s.""".split()
)
# Capitalised words that make a run an organisation (or a publication) rather than a person.
_ORG_WORDS = frozenset(
    """house post times news journal tribune herald globe observer beast caller hill republic enquirer press
    network channel committee commission council court department agency administration bureau office service
    services center centre institute institution foundation fund university college school association union
    party senate congress assembly board campaign corporation corp inc company co group bank reserve club
    coalition alliance organization organisation society federation league authority ministry government police
    church army navy corps guard panel project schools magazine radio tv television pictures studios media
    forum watch trust partners energy coal airlines motors nations today healthcare holdings industries
    enterprises technologies strategies communications networks resources consulting associates ventures brands
    insurance investigations statistics institutes systems program programme initiative caucus lab laboratory
    hospital clinic museum library airport station times-picayune
    politico politifact reuters bloomberg twitter facebook google amazon apple microsoft""".split()
)
# Capitalised words that begin place names or buildings, never a person's first name.
_PLACE_WORDS = frozenset(
    """new north south east west united los san santa las saint st fort mount mt great upper lower central wall
    white supreme federal national international world global middle trans-pacific pacific atlantic""".split()
)
# Last words that make a capitalised run a place or a thing ("Kent County", "Trump Tower", "Iraq War").
_PLACE_HEADS = frozenset(
    """tower street avenue square park hall palace hotel building bridge river island beach county city state
    valley mountain lake bay coast capitol district day election act war law bill plan treaty accord award prize
    islands
    cup games awards""".split()
)
_COUNTRIES = frozenset(
    """united states;u.s.;us;america;united kingdom;britain;great britain;u.k.;japan;china;russia;mexico;france;
    germany;italy;spain;canada;north korea;south korea;iran;iraq;israel;india;pakistan;syria;saudi arabia;turkey;
    ukraine;cuba;venezuela;brazil;egypt;afghanistan;libya;yemen;qatar;australia;european union;e.u.;eu;nato;
    palestine;jordan;lebanon;greece;poland;sweden;norway;denmark;belgium;netherlands;switzerland;austria;
    vietnam;philippines;indonesia;taiwan;burma;myanmar;nigeria;kenya;south africa;argentina;colombia;chile;peru;
    alabama;alaska;arizona;arkansas;california;colorado;connecticut;delaware;florida;georgia;hawaii;idaho;
    illinois;indiana;iowa;kansas;kentucky;louisiana;maine;maryland;massachusetts;michigan;minnesota;mississippi;
    missouri;montana;nebraska;nevada;new hampshire;new jersey;new mexico;new york;north carolina;north dakota;
    ohio;oklahoma;oregon;pennsylvania;rhode island;south carolina;south dakota;tennessee;texas;utah;vermont;
    virginia;washington;west virginia;wisconsin;wyoming;pyongyang;beijing;moscow;tokyo;washington""".split(";")
)
_COUNTRIES = frozenset(c.strip() for c in _COUNTRIES)
_STATES = frozenset(
    """alabama;alaska;arizona;arkansas;california;colorado;connecticut;delaware;florida;georgia;hawaii;idaho;
    illinois;indiana;iowa;kansas;kentucky;louisiana;maine;maryland;massachusetts;michigan;minnesota;mississippi;
    missouri;montana;nebraska;nevada;new hampshire;new jersey;new mexico;new york;north carolina;north dakota;ohio;
    oklahoma;oregon;pennsylvania;rhode island;south carolina;south dakota;tennessee;texas;utah;vermont;virginia;
    washington;west virginia;wisconsin;wyoming""".replace("\n", "").replace("    ", "").split(";")
)
_DOC_HEADS = frozenset(
    """statement statements report reports letter letters filing filings memo memos memorandum poll polls survey
    surveys study studies analysis analyses ad ads advertisement video videos clip spot article articles piece
    story book memoir film documentary tweet tweets brief complaint ruling decision transcript data research
    estimate estimates review records record document documents website recording account commentary release
    email emails assessment slide rules bylaws database tally finding findings page editorial lawsuit suit
    indictment charter convention accord agreement law bill proposal platform guidance testimony audit forecast
    projection chart map returns return program message note notice announcement petition resolution motion
    affidavit deposition verdict summary calculation calculations figures statistics evidence photo photos image
    footage broadcast episode column op-ed blog essay headline average index paper submission""".split()
)
_ORG_HEADS = frozenset(
    """campaign administration committee commission agency department bureau office court union bank company
    firm corporation network newspaper magazine outlet station channel city state government county party fund
    foundation institute center group organization association alliance coalition council board panel team
    police military army ministry embassy legislature congress senate house university school college church
    league club nonprofit charity regime country nation kingdom bloc service website site tribunal cabinet
    parliament fbi cia""".split()
)
_PERSON_HEADS = frozenset(
    """president senator governor mayor nominee candidate secretary minister chancellor judge justice spokesman
    spokeswoman spokesperson lawyer attorney director chairman chairwoman chair congressman congresswoman
    representative leader businessman businesswoman billionaire mogul host anchor commentator pollster
    strategist adviser advisor aide official officer chief founder executive ceo economist analyst professor
    author writer reporter columnist editor doctor physician woman man wife husband mother father son daughter
    sister brother widow ex-wife ex-husband partner manager general admiral commander ambassador diplomat envoy
    premier king queen prince lawmaker legislator politician republican democrat independent incumbent
    challenger contender frontrunner front-runner activist star actress actor singer rapper comedian student
    senior nurse teacher principal superintendent sheriff detective deputy prosecutor investigator regulator
    speaker whip mom dad girl boy resident owner worker employee veteran scientist researcher expert historian
    moderator narrator announcer source person candidate-nominee negotiator treasurer""".split()
)
# Nominals that stand for "the person this article is about" when no title in the text matches them.
_SALIENT_NOMINALS = frozenset(
    "nominee candidate republican democrat businessman billionaire mogul contender frontrunner front-runner".split()
)
_PLURAL_GENERIC = frozenset(
    """officials critics sources experts analysts people voters republicans democrats lawmakers authorities
    protesters leaders observers residents advocates supporters opponents economists scientists
    researchers aides advisers advisors members investigators prosecutors regulators officers agents doctors
    physicians reporters journalists historians insiders others many some several few most all everyone
    someone no one nobody anybody anyone""".split()
)
_PRONOUNS: dict[str, str] = {
    **dict.fromkeys(("he", "him", "his", "himself"), "m"),
    **dict.fromkeys(("she", "her", "hers", "herself"), "f"),
    **dict.fromkeys(("they", "them", "their", "theirs", "themselves"), "plural"),
    **dict.fromkeys(("it", "its", "itself"), "it"),
    **dict.fromkeys(("i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves"), "first"),
    **dict.fromkeys(("you", "your", "yours", "yourself", "yourselves"), "second"),
    **dict.fromkeys(("who", "whom", "whose", "which", "that"), "relative"),
}
_SPEECH_VERBS = frozenset("said says say told tells added adds noted wrote writes stated asked explained".split())

_WORD = re.compile(r"[^\W_][\w'’\-.&]*")
_SENTENCE_END = re.compile(r"[.!?]+[\"”’')\]]*\s+(?![a-z])|\n\s*")
_TOKEN_STRIP = "'’"


_NOT_NAMES = frozenset("photo photos video file getty images reuters ap afp".split())
_PARTIES = frozenset("republican democratic independent libertarian green".split())
_PLURAL_ROLES = frozenset(
    "senators candidates men women countries nations researchers authors leaders nominees presidents".split()
)
_GROUP_LEAD = frozenset("senators sens presidential candidates both".split())
_DOC_ADJECTIVES = frozenset("new latest recent previous first second last final".split())
_DOC_VERBS = frozenset("released issued published conducted filed written made put out".split())
_SMALL_WORDS = frozenset("of for and the on to in at &".split())
_POST_MODIFIERS = frozenset(
    """of for at in on with from by to released issued published conducted filed representing tracking titled being
    who which that about over during between among against""".split()
)
_TEXT_NOMINAL = re.compile(
    r"\b[Tt]he(?: [\w.’'-]+){0,3}? (?:president|senator|governor|nominee|candidate|secretary|minister|mayor|"
    r"judge|congressman|congresswoman|businessman|billionaire|chairman|director|spokesman|spokeswoman|leader)\b"
)
_DOC_CLASSES = {
    **dict.fromkeys(("ad", "ads", "clip", "spot", "video", "commercial", "advertisement"), "ad"),
    **dict.fromkeys(("report", "study", "analysis", "research", "finding", "findings", "paper"), "study"),
    **dict.fromkeys(("poll", "polls", "survey"), "poll"),
    **dict.fromkeys(("article", "piece", "story", "column", "editorial"), "article"),
    **dict.fromkeys(("film", "documentary", "movie"), "film"),
    **dict.fromkeys(("book", "memoir"), "book"),
    **dict.fromkeys(("statement", "release"), "statement"),
}
_ORG_CLASSES = {
    "newspaper": ("post", "times", "journal", "tribune", "herald", "globe", "observer", "news", "chronicle",
                  "inquirer", "enquirer", "gazette", "today"),
    "paper": ("post", "times", "journal", "tribune", "herald", "globe", "observer", "news", "chronicle"),
    "network": ("news", "network", "tv", "television", "today", "cnn", "msnbc", "fox", "rt"),
    "agency": ("agency", "department", "administration", "bureau", "office", "service", "services",
               "investigations", "commission"),
    "union": ("union", "association", "federation", "workers"),
    "alliance": ("nato",),
    "bloc": ("union",),
    "court": ("court",),
    "panel": ("committee", "panel", "commission"),
    "committee": ("committee",),
    "fund": ("fund",),
    "website": ("website", "site"),
}
_LOOSE = frozenset("federal a the".split())
_AUXILIARIES = frozenset(
    "is was were are be been being has have had do does did will would can could should may might must saw".split()
)
_TITLE_PARTICIPLES = frozenset("acting ranking outgoing incoming retired elected leading founding".split())
_CONTRASTIVE = frozenset("vice former deputy assistant acting lieutenant ex".split())
_ROLE_WORDS = _TITLES | _PERSON_HEADS
_OBLIQUE = re.compile(
    r"\b(?:against|with|by|to|for|about|from|of|like|than|on|at|into|toward|towards|over|under|between|among|"
    r"pressed by|via)\s+(?:the\s+|[A-Z][\w.]*\s+)?$"
)
_NAME_GLUE = frozenset("of for and the at on de del van von la le da di to a".split())
_CANDIDATE_WORDS = frozenset("candidate nominee president senator governor republican democratic".split())
_PARTY = re.compile(r"[RDI]-[A-Z][\w.]*")
_APPOSITION_AFTER = re.compile(
    r"\s*(?:\(([^()]{1,40})\)|,\s*((?:the|a|an|his|her|its|their|then|now|former)\b[^,;.()“”\"]{1,80}"
    r"|[RDI]-[A-Z][\w.]*)(?=[,;.)]))"
)
_APPOSITION_BEFORE = re.compile(
    r"(?:^|[.;:\n(]\s*|,\s*)((?:the|a|an|his|her|its|their|one of)\b[^,;.()“”\"]{1,80}),\s*$", re.IGNORECASE
)


# -- names -------------------------------------------------------------------------------------------------
def _fold(s: str) -> str:
    """Lower case without accents or curly apostrophes ("Shinzō" → "shinzo", "O’Neill" → "o'neill")."""
    s = s.replace("’", "'")
    if s.isascii():  # the common case, and much faster
        return s.lower()
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


def name_key(name: str) -> str:
    """A name as compared: case, accents, leading titles and articles, middle initials and possessives ignored.

    "President Donald J. Trump's" and "donald trump" have the same key; "Hillary Clinton" and "Bill Clinton"
    do not. Groups ("Donald Trump; Ted Cruz") are keyed part by part, in sorted order.
    """
    if ";" in name:
        return "; ".join(sorted(k for k in (name_key(p) for p in name.split(";")) if k))
    words = [w.rstrip(".").replace(".", "") for w in _WORD.findall(_fold(name))]
    words = [re.sub(r"'s$", "", w).rstrip("'") for w in words]
    words = [w for w in words if w]
    while len(words) > 1 and (words[0] in _TITLES or words[0] in _ABBREVIATIONS or words[0] in ("the", "a", "an")):
        words = words[1:]
    if len(words) > 2:  # "donald j trump" → "donald trump": initials between the first and the last name
        words = [words[0], *(w for w in words[1:-1] if len(w) > 1), words[-1]]
    return " ".join(words)


def same_name(a: str | None, b: str | None) -> bool:
    """Whether two canonical names name the same speaker, leniently (see :func:`name_key`)."""
    if a is None or b is None:
        return a is b
    return name_key(a) == name_key(b)


# -- tokens and capitalised runs ---------------------------------------------------------------------------
class _Token:
    """A word of the text: ``text`` without a sentence-final period or possessive 's; ``low`` folded."""

    __slots__ = ("start", "end", "text", "possessive", "low", "cap")

    def __init__(self, start: int, end: int, text: str, possessive: bool = False) -> None:
        self.start, self.end, self.text, self.possessive = start, end, text, possessive
        folded = _fold(text)
        self.low = folded.rstrip(".").replace(".", "") if "." in folded else folded
        self.cap = text[:1].isupper()

    @property
    def shouted(self) -> bool:
        """ALL CAPS and longer than an acronym: a headline or a kicker, not a name as written."""
        letters = [c for c in self.text if c.isalpha()]
        return len(letters) > 5 and all(c.isupper() for c in letters)


def _tokens(text: str, start: int = 0, end: int | None = None) -> list[_Token]:
    out = []
    for m in _WORD.finditer(text, start, len(text) if end is None else end):
        s, w = m.start(), m.group()
        while w and w[-1] in "-&":
            w = w[:-1]
        if w.endswith("."):
            core = w[:-1]
            # Keep the period of initials and abbreviations (J., Sen., U.S.), drop a sentence-final one.
            if not (len(core) == 1 or core.lower() in _ABBREVIATIONS or "." in core):
                w = core
        possessive = False
        if w[-2:] in ("'s", "’s"):
            w, possessive = w[:-2], True
        elif w[-1:] in _TOKEN_STRIP:  # Davis' commentary
            w, possessive = w[:-1], True
        if w:
            out.append(_Token(s, s + len(w), w, possessive))
    return out


_CONNECTORS = frozenset("de del della di da van von der den le la du bin al el y".split())
_CONTRACTION = re.compile(r"\w+['’](?:re|ll|ve|d|m|t)$", re.IGNORECASE)


@dataclass
class _Run:
    """A capitalised word sequence: ``title`` tokens, then ``name`` tokens; ``kind`` says what the name is."""

    tokens: list[_Token]
    title: list[_Token]
    name: list[_Token]
    kind: str  # person (a full name) | surname (one name) | org | place | title | other
    possessive: bool = False
    headline: bool = False

    @property
    def start(self) -> int:
        return self.tokens[0].start

    @property
    def end(self) -> int:
        return self.tokens[-1].end

    @property
    def name_start(self) -> int:
        return self.name[0].start if self.name else self.start

    @property
    def name_end(self) -> int:
        return self.name[-1].end if self.name else self.end

    @property
    def mr(self) -> str | None:
        """The gender a title says: "m" for Mr., "f" for Mrs./Ms./Miss."""
        if not self.title:
            return None
        return {"mr": "m", "messrs": "m", "mrs": "f", "ms": "f", "miss": "f"}.get(self.title[-1].low)


def _is_initial(t: _Token) -> bool:
    return len(t.text) == 2 and t.text[1] == "." and t.text[0].isupper()


def _is_suffix(t: _Token) -> bool:
    return t.low in ("jr", "sr", "ii", "iii", "iv")


def _is_acronym(word: str) -> bool:
    letters = word.replace(".", "").replace("&", "")
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper() and word not in ("I", "OK")


def _classify_run(tokens: list[_Token]) -> _Run | None:
    """Split a capitalised run into title and name and say what the name is (person, org, place...)."""
    while tokens and not tokens[0].possessive and (
        tokens[0].low in _STOP or not tokens[0].cap or _CONTRACTION.match(tokens[0].text)
    ):
        tokens = tokens[1:]
    if not tokens:
        return None
    possessive = tokens[-1].possessive
    lows = [t.low for t in tokens]
    joined = " ".join(lows)
    if joined in _COUNTRIES:
        return _Run(tokens, [], tokens, "org", possessive)
    last_title = max((i for i, w in enumerate(lows) if w in _TITLES), default=-1)
    if 0 <= last_title < len(lows) - 3 and lows[last_title + 1] == "of":  # Secretary of State John Kerry
        last_title += 2
    title, name = tokens[: last_title + 1], tokens[last_title + 1 :]
    if not name and len(title) > 1 and title[-2].low in ("mr", "mrs", "ms", "miss", "dr"):
        title, name = title[:-1], title[-1:]  # "Mr. Justice", "Mr. King": the title word is the surname
    elif not name and len(title) > 1 and title[-2].low in _MALE_NAMES | _FEMALE_NAMES:
        title, name = title[:-2], title[-2:]  # "Howard Dean"
    # "Senate Minority Leader Harry Reid", "FBI Director James Comey": the title may hold an org's name
    if not name or any(t.low in _ORG_WORDS for t in name) or (not title and any(w in _ORG_WORDS for w in lows)):
        if any(w in _ORG_WORDS for w in lows) or (len(tokens) == 1 and _is_acronym(tokens[0].text)):
            return _Run(tokens, [], tokens, "org", possessive)
        if not name:
            return _Run(tokens, title, [], "title", possessive)
    while len(name) > 1 and name[0].low in _DESCRIPTORS:
        title, name = [*title, name[0]], name[1:]
    nl = [t.low for t in name]
    if len(nl) == 2 and nl[1] in _COUNTRIES and nl[0] not in _MALE_NAMES and nl[0] not in _FEMALE_NAMES:
        return _Run(name[1:], [], name[1:], "org", possessive)  # "Poor Mexico"
    titled = any(t.low in _TITLES for t in title)  # a real title: "President Park Geun-hye" is a person
    if nl[0] in _MONTHS_DAYS or " ".join(nl) in _COUNTRIES or (
        not titled and (any(w in _NOT_NAMES for w in nl) or nl[-1] in _PLACE_HEADS)
    ):
        return _Run(tokens, title, name, "place", possessive)
    if len(name) == 1 and _is_acronym(name[0].text) and not title:
        return _Run(tokens, title, name, "org", possessive)
    if len(name) == 1 and not title and (nl[0] in _PLURAL_GENERIC or nl[0] in _DESCRIPTORS):
        return _Run(tokens, title, name, "place", possessive)  # "Republicans agreed": people, not a person
    if len(name) == 1 or name[0].low in _CONNECTORS or (title and title[-1].low in ("mr", "mrs", "ms", "miss")):
        return _Run(tokens, title, name, "surname", possessive)
    if not titled and (nl[0] in _PLACE_WORDS or nl[-1] in _DESCRIPTORS or nl[0] in _DESCRIPTORS) or any(
        t.shouted for t in name
    ):
        return _Run(tokens, title, name, "place", possessive)
    if _is_initial(name[-1]) or all(_is_initial(t) or _is_suffix(t) for t in name[1:]):
        return _Run(tokens, title, name, "place", possessive)
    return _Run(tokens, title, name, "person", possessive)


def _joined(text: str, a: _Token, b: _Token) -> bool:
    gap = text[a.end : b.start]
    return 0 < len(gap) <= 2 and gap.isspace() and "\n" not in gap


def _nickname(text: str, a: _Token, b: _Token, c: _Token | None) -> bool:
    """Robert C. "Bobby" Scott: a one-word nickname in quotation marks inside a name."""
    return (
        c is not None
        and text[a.end : b.start] in (' "', " “")
        and text[b.end : c.start] in ('" ', "” ")
        and b.cap
        and c.cap
    )


def _runs(text: str, tokens: list[_Token]) -> list[_Run]:
    """Capitalised runs, with organisation names joined across "of", "for" and "and" where they belong."""
    groups: list[list[_Token]] = []
    current: list[_Token] = []
    n = len(tokens)
    for i, t in enumerate(tokens):
        prev = current[-1] if current else None
        nxt = tokens[i + 1] if i + 1 < n else None
        adjacent = prev is not None and not prev.possessive and (
            _joined(text, prev, t) or _nickname(text, prev, t, nxt) or (
                len(current) >= 2 and _nickname(text, current[-2], prev, t)
            )
        )
        if t.cap and adjacent:
            current.append(t)
        elif (
            adjacent
            and nxt is not None
            and (nxt.cap or (nxt.low == "the" and i + 2 < n and tokens[i + 2].cap))  # "Court of Appeals for the"
            and _joined(text, t, nxt)
            and _connects(t.low, current, tokens, i + 1)
        ):
            current.append(t)
        else:
            if current:
                groups.append(current)
            current = [t] if t.cap else []
    if current:
        groups.append(current)
    return [run for run in map(_classify_run, groups) if run is not None]


def _connects(word: str, left: list[_Token], tokens: list[_Token], j: int) -> bool:
    """Whether a lower-case word joins two capitalised runs into one name."""
    if word in _CONNECTORS:  # Bill de Blasio
        return True
    if word == "the" and len(left) > 1 and left[-1].low in ("of", "for", "at") and any(
        t.low in _ORG_WORDS for t in left
    ):
        return True  # U.S. Court of Appeals for the District of Columbia Circuit
    if word == "at" and any(t.low in _ORG_WORDS for t in left):  # Tax Policy Center at the Urban Institute
        k = j + 1 if j < len(tokens) and tokens[j].low == "the" else j
        return k < len(tokens) and tokens[k].cap and any(
            t.low in _ORG_WORDS for t in tokens[k : k + 4] if t.cap
        )
    if word not in ("of", "for", "on", "and", "to"):
        return False
    left_org = any(t.low in _ORG_WORDS for t in left)
    right: list[_Token] = []
    while j < len(tokens) and tokens[j].cap and (not right or tokens[j].start - right[-1].end <= 2):
        right.append(tokens[j])
        if tokens[j].possessive:
            break
        j += 1
    right_org = bool(right) and right[-1].low in _ORG_WORDS
    if word == "of" and left[-1].low in _TITLES:  # Secretary of State John F. Kerry
        return True
    if word in ("of", "for", "on"):  # Department of Veterans Affairs, Center for Media and Public Affairs
        return left_org and not any(t.low in _TITLES or t.low in _MONTHS_DAYS for t in right)
    # "and": Securities and Exchange Commission, but not "Trump and the White House"; "to": Alliance to Reclaim
    left_joined = any(not t.cap for t in left)  # "Center for Media and Public Affairs"
    if left_joined and left_org and right and right[0].low not in _MALE_NAMES | _FEMALE_NAMES | _TITLES:
        return True
    return (
        (not left_org or word == "to" or left_joined or left[-1].low not in _ORG_WORDS)
        and right_org
        and len(left) <= 4
        and left[0].low not in _MALE_NAMES
        and left[0].low not in _FEMALE_NAMES
        and all(t.low not in _TITLES for t in left)
    )


def _sentence_starts(text: str) -> list[int]:
    starts = [0]
    for m in _SENTENCE_END.finditer(text):
        if m.group().startswith(".") and "\n" not in m.group():
            word = re.search(r"([\w.]+)$", text[max(0, m.start() - 12) : m.start()])
            if word:
                w = word.group(1).lower()
                if w in _ABBREVIATIONS or len(w) == 1 or re.fullmatch(r"(?:\w\.)+\w", w):
                    continue
        starts.append(m.end())
    return starts


def _headline_lines(text: str) -> list[tuple[int, int]]:
    """Lines written in Title Case or ALL CAPS (headlines, kickers): their capitals say nothing about names."""
    out = []
    for m in re.finditer(r"[^\n]+", text):
        words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", m.group()) if len(w) >= 4]
        if len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words):
            out.append((m.start(), m.end()))
    return out


# -- entities being built ----------------------------------------------------------------------------------
@dataclass(eq=False)  # entities are compared by identity
class _Ent:
    idx: int
    kind: EntityKind
    name: str | None
    key: str = ""
    parts: tuple[str, ...] = ()  # folded name words: a person's for surname matching, an org's
    gender: str | None = None
    titles: list[set[str]] = field(default_factory=list)  # role words seen with the name, one set per sighting
    mentions: set[Span] = field(default_factory=set)  # a set: only membership, the first and the sorted are used
    positions: list[int] = field(default_factory=list)
    quoted: list[int] = field(default_factory=list)  # where it is a quote's speaker
    head: str | None = None  # a document's head noun ("statement")
    plural: bool = False
    variants: Counter[str] = field(default_factory=Counter)
    members: tuple[int, ...] = ()
    runs: list[_Run] = field(default_factory=list)

    def before(self, pos: int) -> int:
        return bisect.bisect_left(self.positions, pos)


@dataclass
class _Mention:
    start: int
    end: int
    ent: _Ent
    speaker: bool
    aside: bool  # inside quotation marks or parentheses: a weak antecedent
    sentence: int
    oblique: bool = False  # after a preposition or possessive ("against Romney", "Holt's"): not a subject


Check = Callable[[_Ent], bool]


class _Linker:
    """One document's linking state: the entities found so far and every mention of them, in text order."""

    def __init__(
        self, doc: Document, registry: Registry | None, documents: DocumentNames, implicit: ImplicitSpeakers | None
    ) -> None:
        self.doc = doc
        self.implicit = implicit
        self.text = doc.text
        self.registry = registry
        self.documents = documents
        self.marks: Marks = find_marks(self.text)
        self.sentences = _sentence_starts(self.text)
        self.parens = [(m.start(), m.end()) for m in re.finditer(r"\([^()\n]*\)", self.text)]
        self.headlines = _headline_lines(self.text)
        self.lower_words = set(re.findall(r"\b[a-z][a-z'’-]+\b", self.text))
        self.tokens = _tokens(self.text)
        self.token_starts = [t.start for t in self.tokens]
        self.runs = self._runs_of(self.tokens)
        for run in self.runs:
            run.headline = self.headline(run.start)
        # Runs are in text order and never overlap, so both lists are sorted: neighbours are found by bisection
        # (scanning every run per mention made long documents quadratic).
        self.run_starts = [r.start for r in self.runs]
        self.run_ends = [r.end for r in self.runs]
        self.entities: list[_Ent] = []
        self.persons: dict[str, _Ent] = {}
        self.orgs: dict[str, _Ent] = {}
        self.groups: dict[frozenset[int], _Ent] = {}
        self.mentions: list[_Mention] = []
        self.resolved: dict[tuple[int, int], _Ent] = {}
        self.busy: set[tuple[int, int]] = set()
        self._first_counts: dict[str, int] = {}
        self._capitalised: defaultdict[str, list[int]] | None = None  # see _occurrences
        self._person_idx: tuple[dict[str, list[_Ent]], ...] | None = None  # see _person_index
        self._heads: dict[str, list[tuple[int, str]]] = {}  # see _named_head
        self._acronyms: tuple[dict[str, str], dict[str, str]] | None = None
        self.the_names = {name_key(m.group(1)) for m in re.finditer(
            r"(?<=[a-z,;:] )The ((?:[A-Z][\w.&'’-]* ?)+)", self.text)}
        self._index()

    def _first_named(self, e: _Ent) -> int:
        """How often the narration (not quotes or headlines) calls this person by the first name alone."""
        if len(e.parts) < 2 or not e.name:
            return 0
        first = e.name.split()[0]
        # Counted once per first name, from the index of capitalised words: a scan of the whole text per
        # person made long documents quadratic.
        if first not in self._first_counts:
            self._first_counts[first] = sum(
                1
                for start in self._occurrences(first)
                if not _CAPITAL_NEXT.match(self.text, start + len(first))
                and not self.aside(start, start + len(first))
                and not self.headline(start)
            )
        return self._first_counts[first]

    def _tok(self, start: int, end: int) -> list[_Token]:
        """The text's tokens that lie inside ``[start, end)`` (tokenised once, sliced here)."""
        i = bisect.bisect_left(self.token_starts, start)
        j = bisect.bisect_left(self.token_starts, end, i)
        out = self.tokens[i:j]
        if out and out[-1].end > end:  # a span that ends inside a word keeps the part inside it
            out = [*out[:-1], *_tokens(self.text, out[-1].start, end)]
        return out

    def _starts_sentence(self, t: _Token) -> bool:
        return self.sentences[self.sentence(t.start)] == t.start

    def _runs_of(self, tokens: list[_Token]) -> list[_Run]:
        return [self._initial_word(r) for r in _runs(self.text, tokens)]

    def _initial_word(self, run: _Run) -> _Run:
        """"Rival Hillary Clinton", "Crooked Hillary Clinton": a common word before a name is not part of it."""
        first = run.name[0] if run.name else None
        if run.kind in ("person", "surname") and run.name and _plural(run.name[-1].low) and (
            run.name[-1].low in self.lower_words
        ):
            return replace(run, kind="place")  # "U.N. Women", "Marshall Islands": not a person
        if run.kind != "person" or first is None or first.low in _FEMALE_NAMES or first.low in _MALE_NAMES:
            return run
        common = first.low in self.lower_words or first.low.endswith(("ed", "ing", "ist", "ive", "ous", "ful")) or (
            len(run.name) > 2 and run.name[1].low in _FEMALE_NAMES | _MALE_NAMES and self._starts_sentence(first)
        )  # "Hold Melania Trump"
        initial = self._starts_sentence(first)
        if common and (initial or len(run.name) > 2):
            rest = [t for t in run.tokens if t.start > first.start]
            return _classify_run(rest) or run
        return run

    # -- small helpers -----------------------------------------------------------------------------------
    def headline(self, pos: int) -> bool:
        i = bisect.bisect_right(self.headlines, (pos, len(self.text))) - 1
        return i >= 0 and self.headlines[i][0] <= pos < self.headlines[i][1]

    def run_starting(self, lo: int, hi: int) -> _Run | None:
        """The first capitalised run that starts in [lo, hi]."""
        i = bisect.bisect_left(self.run_starts, lo)
        return self.runs[i] if i < len(self.runs) and self.runs[i].start <= hi else None

    def run_before(self, pos: int) -> _Run | None:
        """The run that ends right before pos, with only spaces and commas between."""
        i = bisect.bisect_right(self.run_ends, pos) - 1
        return self.runs[i] if i >= 0 and not self.text[self.runs[i].end : pos].strip(" ,\xa0") else None

    def sentence(self, pos: int) -> int:
        return bisect.bisect_right(self.sentences, pos) - 1

    def aside(self, start: int, end: int) -> bool:
        if self.marks.inside(Span(start, end)):
            return True
        i = bisect.bisect_right(self.parens, (start, len(self.text))) - 1
        return i >= 0 and self.parens[i][0] < start and end <= self.parens[i][1]

    def new(self, kind: EntityKind, name: str | None, **kw: object) -> _Ent:
        ent = _Ent(len(self.entities), kind, name, **kw)  # type: ignore[arg-type]
        self.entities.append(ent)
        return ent

    def unnamed(self, plural: bool = False) -> _Ent:
        return self.new("unnamed", None, plural=plural)

    def note(self, ent: _Ent, start: int, end: int, speaker: bool = False) -> _Ent:
        """Record a mention so that later pronouns and surnames see it."""
        span = Span(start, end)
        ent.mentions.add(span)
        bisect.insort(ent.positions, start)
        if speaker:
            bisect.insort(ent.quoted, start)
        oblique = not speaker and (
            bool(_OBLIQUE.search(self.text, max(0, start - 25), start)) or self.text[end : end + 2] in ("'s", "’s")
        )
        self.mentions.append(
            _Mention(start, end, ent, speaker, self.aside(start, end), self.sentence(start), oblique)
        )
        return ent

    def salience(self, ent: _Ent, pos: int) -> tuple[float, ...]:
        """How present an entity is at ``pos``: mentions so far, a recent mention, a recent quote."""
        before = ent.before(pos)
        last = ent.positions[before - 1] if before else -(10**9)
        quoted = bisect.bisect_left(ent.quoted, pos)
        last_quote = ent.quoted[quoted - 1] if quoted else -(10**9)
        score = min(before, 10) + (4 if pos - last < 600 else 0) + (3 if pos - last_quote < 1500 else 0)
        return (score, len(ent.runs), -ent.idx)

    # -- what the whole text says about people and organisations -----------------------------------------
    def _index(self) -> None:
        """Full names, titled surnames and organisation names of the whole text, before the walk."""
        for run in self.runs:
            if run.kind == "person" and not run.headline:
                ent = self._person(run)
                ent.runs.append(run)
                self._titles(ent, run)
            elif run.kind == "org" and not run.headline and len(run.tokens) > 1:
                self._org_entity(self._span(run.tokens))
        # "Supreme Court" after "U.S. Supreme Court": the one longer name of the organisation
        for key, ent in list(self.orgs.items()):
            n = len(ent.parts)
            longer = [e for e in dict.fromkeys(self.orgs.values()) if len(e.parts) > n > 1
                      and (e.parts[-n:] == ent.parts or e.parts[:n] == ent.parts)]
            if longer and key not in _COUNTRIES:
                self.orgs[key] = max(longer, key=lambda e: (len(e.parts), -e.idx))
        # "Suu Kyi" after "Aung San Suu Kyi", "Guajardo Villarreal": the longer name's person
        for key, ent in list(self.persons.items()):
            n = len(ent.parts)
            longer = [e for e in self.persons.values() if len(e.parts) > n > 1 and e.parts[-n:] == ent.parts]
            if len(longer) == 1:
                longer[0].runs.extend(ent.runs)
                longer[0].titles.extend(ent.titles)
                self.persons[key] = longer[0]
                self._person_idx = None
        for ent in dict.fromkeys(self.persons.values()):
            ent.gender = _first_name_gender(ent)
        # "Ellie", "Melanie": a first name alone, for a person the text never names in full
        for run in self.runs:
            low = run.name[0].low if run.kind == "surname" and len(run.name) == 1 and not run.title else ""
            if (low in _FEMALE_NAMES or low in _MALE_NAMES) and not run.headline and not any(
                e.parts and e.parts[0] == low for e in self.persons.values()
            ):
                self._person(run).gender = "f" if low in _FEMALE_NAMES else "m"
        titled = [r for r in self.runs if r.kind == "surname" and not r.headline
                  and (r.title or r.name[0].low in _CONNECTORS)]
        for run in sorted(titled, key=lambda r: r.mr is None):  # Mr./Mrs. first: they settle gender
            cands = list(dict.fromkeys(self._by_surname(run)))
            if run.mr:  # "Mr. Obama" is not Michelle Obama
                cands = [c for c in cands if c.gender in (run.mr, None)]
            if not cands and run.title and run.title[-1].low not in _DESCRIPTORS:
                cands = [self._person(run)]
                if run.mr:
                    cands[0].gender = run.mr
            if cands:
                # "President Obama" with two Obamas: the one the text names this way most
                ent = max(cands, key=lambda e: len(e.runs))
                ent.runs.append(run)
                self._titles(ent, run)
        for ent in dict.fromkeys(self.persons.values()):
            ent.gender = self._gender(ent)

    def _span(self, tokens: list[_Token]) -> str:
        return self.text[tokens[0].start : tokens[-1].end]

    def _person(self, run: _Run) -> _Ent:
        surface = self.text[run.name_start : run.name_end]
        parts = [t.low for t in run.name if not _is_initial(t)] or [t.low for t in run.name] or ["?"]
        suffix = [p for p in parts if p in ("jr", "sr", "ii", "iii", "iv")]
        core = [p for p in parts if p not in suffix] or parts
        if run.kind == "surname":
            key = " ".join(parts)
        else:
            key = " ".join([core[0], core[-1], *suffix]) if len(core) > 1 else " ".join(parts)
        ent = self.persons.get(key)
        if ent is None:
            ent = self.new("person", surface, key=key, parts=tuple(core))
            self.persons[key] = ent
            self._person_idx = None
        ent.variants[surface] += 1
        ent.name = _fullest(ent.variants)
        if len(core) > len(ent.parts):
            ent.parts = tuple(core)
            self._person_idx = None
        return ent

    def _by_surname(self, run: _Run) -> list[_Ent]:
        """People whose name ends with the run's name ("Abe", "Guajardo Villarreal"), or, failing that,
        begins with it ("Hillary")."""
        low = [t.low for t in run.name if not _is_initial(t) and not _is_suffix(t)]
        if not low:
            return []
        n = len(low)
        by_last, by_first, by_letter = self._person_index()
        out = [e for e in by_last.get(low[-1], []) if len(e.parts) >= n and list(e.parts[-n:]) == low]
        if not out and n == 1:  # "Mr. Ban" for Ban Ki-moon: family name first, hyphenated given name
            out = [e for e in by_first.get(low[0], []) if len(e.parts) == 2
                   and re.fullmatch(r"[a-z]+-[a-z]+", e.parts[1])]
        if out:
            return list(dict.fromkeys(out))
        if n == 1 and not run.title and not _is_acronym(run.name[0].text):
            out = [e for e in by_first.get(low[0], []) if len(e.parts) > 1]
        if not out and n == 1 and len(low[0]) >= (4 if run.title else 5):  # misspelt: "Wines" for Leslie Wimes
            out = [
                e for e in by_letter.get(low[0][0], [])
                if (len(e.parts) > 1 or run.title) and _one_edit(e.parts[-1], low[0])
            ]
        return list(dict.fromkeys(out))

    def _person_index(self) -> tuple[dict[str, list[_Ent]], dict[str, list[_Ent]], dict[str, list[_Ent]]]:
        """Persons by last name part, by first part, and by the last part's first letter (a misspelling keeps
        it), in the order of ``self.persons``. Rebuilt only after a person is added or renamed: a scan of every
        person per name made long documents quadratic."""
        if self._person_idx is None:
            by_last: defaultdict[str, list[_Ent]] = defaultdict(list)
            by_first: defaultdict[str, list[_Ent]] = defaultdict(list)
            by_letter: defaultdict[str, list[_Ent]] = defaultdict(list)
            for e in self.persons.values():
                if e.parts:
                    by_last[e.parts[-1]].append(e)
                    by_first[e.parts[0]].append(e)
                    if e.parts[-1]:
                        by_letter[e.parts[-1][0]].append(e)
            self._person_idx = by_last, by_first, by_letter
        return self._person_idx

    def _titles(self, ent: _Ent, run: _Run) -> None:
        words = {_EXPAND.get(t.low, t.low) for t in run.title}
        words |= self._words_before(run.start)
        for group in (words, self._apposition_after(run.end), self._apposition_before(run.start)):
            group = {w for w in group if w not in _STOP or w == "former"}
            if group:
                ent.titles.append(group)

    def _words_before(self, pos: int) -> set[str]:
        """Lower-case title words just before a name ("Democratic presidential nominee Hillary Clinton")."""
        out: set[str] = set()
        for t in reversed(self._tok(max(0, pos - 80), pos)):
            if any(c in self.text[t.end : pos] for c in ",;:()\"“”\n") or (t.low in _STOP and t.low != "former"):
                break
            if t.cap and t.low not in _DESCRIPTORS and t.low not in _EXPAND or _verb_like(t.low):
                break
            out.add(_EXPAND.get(t.low, t.low))
            pos = t.start
            if len(out) >= 6:
                break
        return out

    def _apposition_after(self, end: int) -> set[str]:
        """"Donald Trump, the Republican nominee," and "Jason Chaffetz (R-Utah)"."""
        m = _APPOSITION_AFTER.match(self.text, end, min(len(self.text), end + 140))
        if not m:
            return set()
        body = m.group(1) or m.group(2) or ""
        words = _own_words(_tokens(body))
        tag = re.match(r"\s*([RDI])-", body)
        if tag:
            words.add(_EXPAND[tag.group(1).lower()])
        return words

    def _apposition_before(self, start: int) -> set[str]:
        """"A lawyer for the news outlets, David Schulz"."""
        m = _APPOSITION_BEFORE.search(self.text, max(0, start - 120), start)
        return _own_words(_tokens(m.group(1))) if m else set()

    def _gender(self, ent: _Ent) -> str | None:
        """From titles and words around the name (Mr., "his wife"), the first name, and the pronouns after it."""
        votes: Counter[str] = Counter()
        for title in ent.titles:  # explicit words ("widow", "Mrs.") outweigh a first name
            votes["m"] += 6 * len(title & _MALE_WORDS)
            votes["f"] += 6 * len(title & _FEMALE_WORDS)
        first = ent.parts[0] if ent.parts else None  # "Ellie" alone is a first name too
        if first in _FEMALE_NAMES:
            votes["f"] += 5
        elif first in _MALE_NAMES:
            votes["m"] += 5
        for run in ent.runs:  # Mr./Mrs. and the first he/she after the name, before any other name
            if run.mr:
                votes[run.mr] += 5
            g = self._pronoun_after(run.end)
            if g:
                votes[g] += 1
        if not votes:
            return None
        (best, n), *rest = votes.most_common()
        return best if n and (not rest or n > rest[0][1]) else None

    def _pronoun_after(self, end: int) -> str | None:
        for t in self._tok(end, min(len(self.text), end + 250)):
            if t.cap and t.low not in _STOP and t.low not in _PRONOUNS:
                return None
            g = _PRONOUNS.get(t.low)
            if g in ("m", "f"):
                return g
        return None

    # -- the walk ------------------------------------------------------------------------------------------
    def run(self) -> Document:
        speakers = sorted({(q.speaker.start, q.speaker.end) for q in self.doc.quotes if q.speaker is not None})
        events: list[tuple[int, int, _Run | tuple[int, int]]] = [(s, 1, (s, e)) for s, e in speakers]
        for run in self.runs:
            i = bisect.bisect_right(speakers, (run.end, run.end)) - 1
            if any(0 <= j < len(speakers) and speakers[j][0] < run.end and run.start < speakers[j][1]
                   for j in (i - 1, i)):
                continue  # inside a speaker mention: resolved with it
            events.append((run.start, 0, run))
        for m in _TEXT_NOMINAL.finditer(self.text):
            i = bisect.bisect_right(speakers, (m.end(), m.end())) - 1
            if not any(0 <= j < len(speakers) and speakers[j][0] < m.end() and m.start() < speakers[j][1]
                       for j in (i - 1, i)):
                events.append((m.start(), 2, (m.start(), m.end())))
        events.sort(key=lambda e: (e[0], e[1]))
        for _, kind, item in events:
            if isinstance(item, _Run):
                self._text_run(item)
            elif kind == 2:
                self._text_nominal(*item)
            else:
                self.speaker(*item)
        return self._finish()

    def _text_nominal(self, start: int, end: int) -> None:
        """"the president" in the running text: noted when a titled person matches, so "he" can follow it."""
        toks = self._tok(start, end)
        ent = self._nominal(toks, len(toks) - 1, start, strict=True)
        if ent is not None:
            self.note(ent, start, end)

    def _text_run(self, run: _Run) -> None:
        """A name in the running text: noted for later pronouns and surnames, never creating a speaker."""
        ent: _Ent | None = None
        if run.kind in ("person", "surname") and not run.headline:
            if run.kind == "person":
                ent = self._person(run)
            else:
                cands = self._by_surname(run)
                ent = self._pick(cands, run, run.start) if cands else None
        elif run.kind in ("person", "surname"):
            cands = self._by_surname(replace(run, name=run.name[-1:]))
            ent = self._pick(cands, run, run.start) if len(cands) == 1 else None
        elif run.kind == "org" and not run.headline:
            ent = self._org(run.tokens, run.start)
        elif run.kind == "title" and len(run.tokens) == 1 and not run.headline:  # "Dean, a medical doctor,"
            cands = self._by_surname(replace(run, title=[], name=run.tokens))
            ent = self._pick(cands, run, run.start) if len(cands) == 1 else None
        if ent is not None:
            self.note(ent, run.name_start, run.name_end)
            # "Germany and France objected. They said ...": two names joined by "and" are also a group
            last = self.mentions[-2] if len(self.mentions) > 1 else None
            if last is not None and not last.speaker and self.text[last.end : run.name_start] == " and " and (
                last.ent is not ent and last.ent.kind in ("person", "organization") and last.ent.kind == ent.kind
            ):
                self.note(self._group_of([last.ent, ent]), last.start, run.name_end)

    def _pick(self, cands: list[_Ent], run: _Run | None, pos: int) -> _Ent:
        """The person a surname means: gender from Mr./Mrs., a full name over a bare surname, then the most
        salient one at ``pos`` (two Clintons stay two people)."""
        if len(cands) > 1 and run is not None and run.mr:
            cands = [c for c in cands if c.gender == run.mr] or [c for c in cands if c.gender is None] or cands
        if len(cands) > 1 and run is not None and not run.mr:  # "Trump says he would ...": Donald, not Ivanka
            said = self._pronoun_after(run.end)
            cands = [c for c in cands if c.gender in (said, None)] or cands if said else cands
        if len(cands) > 1 and run is not None and not run.title and len(run.name) == 1:
            # a bare surname is the article's principal bearer of it unless another was just quoted
            # and not one the article calls by first name alone ("Melania" leaves "Trump" to Donald Trump)
            def principal(e: _Ent) -> tuple[float, ...]:
                quoted = bisect.bisect_left(e.quoted, pos)
                last = e.quoted[quoted - 1] if quoted else -1
                recent = last if pos - last < 400 else -1  # the one quoted last, if just now
                return (recent, e.before(pos) + len(e.runs) - 2 * self._first_named(e), -e.idx)
            return max(cands, key=principal)
        return max(cands, key=lambda e: self.salience(e, pos))

    # -- speaker mentions ----------------------------------------------------------------------------------
    def speaker(self, start: int, end: int) -> _Ent:
        key = (start, end)
        if key in self.resolved:
            return self.resolved[key]
        if key in self.busy:  # "I" inside a quote whose own speaker is this mention
            return self.unnamed()
        self.busy.add(key)
        toks = self._tok(start, end)
        ent = self._phrase(toks, start, end) if toks else self.unnamed()
        self.busy.discard(key)
        self.resolved[key] = ent
        self.note(ent, start, end, speaker=True)
        return ent

    def _phrase(self, toks: list[_Token], start: int, end: int) -> _Ent:
        """Resolve a noun phrase (a speaker mention, or part of one)."""
        low = [t.low for t in toks]
        if len(toks) == 1 and low[0] in _PRONOUNS:
            return self._pronoun(low[0], start, end)
        if len(toks) == 1 and low[0] in ("each", "both"):  # each of the two just named
            return self._recent(start, lambda e: e.kind == "group", 1500) or self._pair(start, "people") or (
                self.unnamed(plural=True)
            )
        if len(toks) == 1 and low[0] in _SPEECH_VERBS:  # a mislabelled "said": the speaker follows it
            after = self.run_starting(end, end + 3)
            return self._name(after, start) if after else self.unnamed()
        while len(toks) > 1 and toks[0].low in ("according", "to", "from", "by", "via"):
            toks = toks[1:]
        first = bisect.bisect_left(self.parens, (start, 0))  # "Jason Chaffetz (R-Utah)"
        inner = [(a, b) for a, b in self.parens[first : bisect.bisect_right(self.parens, (end, end))] if b <= end]
        toks = [t for t in toks if not _inside(inner, t.start) and not _PARTY.fullmatch(t.text)]
        group = self._group(toks, start)
        if group is None:  # "Critics of the EB-5 program, like Senators X and Y": the named examples
            cut = next((i for i, t in enumerate(toks) if t.low in ("like", "including") and i > 0), None)
            if cut is not None and "," in self.text[toks[cut - 1].end : toks[cut].start]:
                group = self._group(toks[cut + 1 :], start)
        if group is not None:
            return group
        full = toks
        toks = self._core(toks)
        if not toks:
            return self.unnamed()
        low = [t.low for t in toks]
        head_i = _head_index(toks)
        head = toks[head_i]
        runs = self._runs_of(toks)
        last = runs[-1] if runs else None
        head_run = next((r for r in runs if r.start <= head.start < r.end), None)
        if head_run is not None and head_run.kind == "title" and len(head_run.tokens) == 1 and head.cap:
            if self._by_surname(replace(head_run, title=[], name=head_run.tokens)):  # "Dean" is Howard Dean
                return self._name(head_run, start)
        body = toks[1:] if low[0] in ("the", "a", "an") else toks
        if head.low in _PLURAL_GENERIC and head is body[0]:  # "Critics of the EB-5 program"
            return self.unnamed(plural=True)
        if self._people_noun(head, toks[:head_i]):  # "Many African-Americans", "31 Latinos", "Demonstrators"
            return self.unnamed(plural=True)
        if len(body) == 1 and body[0].cap and low[-1] in _PLURAL_GENERIC:
            return self.unnamed(plural=True)  # "Republicans": people, not a name
        # "Citizens for Tax Justice", "The Committee for a Responsible Federal Budget": one name
        if len(body) > 2 and body[0].cap and body[-1].cap and any(not t.cap for t in body) and all(
            t.cap or t.low in _SMALL_WORDS or t.low == "a" for t in body
        ):
            known = self._known_org(body) or self.orgs.get(name_key(self._span(body)))
            if known is None and not any(t.low in _TITLES for t in body):
                runs_body = self._runs_of(body)
                if not runs_body or runs_body[0].kind not in ("person", "surname"):
                    return self._org_entity(self._span(body))
            elif known is not None:
                return known
        if head.low in _DESCRIPTORS and head.cap and head_i == len(toks) - 1:
            # "The Republican" is a nominal; "At least one Democrat" is nobody in particular
            return (self._nominal(toks, head_i, start) or self.unnamed()) if low[0] == "the" else self.unnamed()
        if head.low in _DOC_HEADS and (not head.cap or len(toks) == 1 or self.headline(head.start)):
            return self._document(toks, head_i, start, full)
        if head.low in _ORG_HEADS and body == [head] and head.cap and self._common_capital(head):
            return self._org_nominal(toks, head_i, start)  # "Police said …" opening a sentence is "police"
        if head_run is not None and head_run.kind != "title" and (head.cap or head_run.kind == "person"):
            return self._name(head_run, start)  # "Trump campaign spokesman Jason Miller", "Japan"
        if not head.cap and head.low in ("campaign", "team") and head_i > 0:
            return self._campaign(toks, head_i, start)
        if not head.cap and head.low in _ORG_HEADS:
            return self._org_nominal(toks, head_i, start)
        if low[0] in _PRONOUNS and _PRONOUNS[low[0]] == "first" and not self.marks.inside(Span(start, end)):
            return self.unnamed()  # "my father": someone the author does not name here
        named = self._apposition_name(end)
        if named is not None:
            return named
        if head.low in _PLURAL_GENERIC or (_plural(head.low) and not head.cap):
            if {"both", "two", "three"} & set(low) or (low[0] == "the" and head.low in _PLURAL_ROLES):
                # "the senators": two people titled so; else a group just named; else the two just named
                people = head.low not in ("countries", "nations")
                grp = self._pair(start, head.low, titled_only=True) if head.low in _PLURAL_ROLES else None
                grp = grp or self._recent(start, lambda e: e.kind == "group" and all(
                    (self.entities[i].kind == "person") == people for i in e.members), 2000)
                if grp is None and head.low in _PLURAL_ROLES:
                    grp = self._pair(start, head.low)
                if grp is not None:
                    return grp
            return self.unnamed(plural=True)
        if head.low in _PERSON_HEADS or head.low in _TITLES or any(w in _PERSON_HEADS for w in low):
            return self._nominal(toks, head_i, start) or self.unnamed()
        if last is not None and not self._common_capital(last.tokens[0]) and (
            last.end == toks[-1].end or head.cap or last.possessive or self._known(last)
        ):
            return self._name(last, start)
        return self.unnamed()  # "Nearly eight of 10 voters", "Proponents, including ...": nobody named

    def _known(self, run: _Run) -> bool:
        """Whether a run names someone the text already knows (so a phrase around it may mean them)."""
        if run.kind in ("person", "surname"):
            return bool(self._by_surname(run))
        return name_key(self._span(run.tokens)) in self.orgs or self._known_org(run.tokens) is not None

    def _people_noun(self, head: _Token, before: list[_Token]) -> bool:
        """A capitalised plural that names a kind of people, not someone: "Mexicans", "Birchers"."""
        low = head.low
        if not head.cap or head.text.isupper() or not _plural(low) or low in _ORG_WORDS:
            return False
        if any(t.cap and not t.shouted for t in before if t.low not in _STOP):
            return False  # "Wells Fargo Advisors": a name
        if self._by_surname(_Run([head], [], [head], "surname")):
            return False  # "Sanders", "Edwards": a surname the text gives in full
        counted = bool(before) and (before[-1].low in _STOP or before[-1].text[:1].isdigit())
        return counted or low in self.lower_words or low.endswith(("ans", "ists", "ers", "ors", "os"))

    def _core(self, toks: list[_Token]) -> list[_Token]:
        """The core noun phrase: up to a comma, a relative clause or "and his aides"; a name in apposition
        after the comma wins ("A lawyer for the news outlets, David Schulz,")."""
        out: list[_Token] = []
        inner = {t.start for r in self._runs_of(toks) for t in r.tokens}
        for t in toks:
            if out:
                gap = self.text[out[-1].end : t.start]
                if any(c in gap for c in ",–—(;:") or "--" in gap:
                    rest = [x for x in toks if x.start >= t.start]
                    runs = self._runs_of(rest)
                    if runs and runs[0].start == t.start and runs[0].kind in ("person", "surname") and not out[-1].cap:
                        return [x for x in rest if x.end <= runs[0].end]
                    break
                if t.low == "and" and t.start not in inner:
                    # "his wife and current Democratic presidential nominee Hillary Clinton"
                    rest = [x for x in toks if x.start > t.start]
                    runs = self._runs_of(rest)
                    if runs and runs[-1].kind == "person" and runs[-1].end == rest[-1].end and not any(
                        x.cap for x in out[1:]
                    ):
                        return rest
                    break
                if t.low in ("who", "which", "that", "whose"):
                    break
            out.append(t)
        return out

    def _name(self, run: _Run, pos: int) -> _Ent:
        """The entity a capitalised run names, creating it when the text has not named it before."""
        if run.kind == "person" and not run.headline:
            ent = self._person(run)
            if ent.gender is None:
                ent.gender = self._gender(ent)
            return ent
        single = len(run.tokens) == 1 and run.tokens[0]
        if single and single.low in _COUNTRIES and run.kind == "org":  # "Jordan" when Jim Jordan is quoted
            people = [e for e in self._by_surname(replace(run, name=run.tokens)) if len(e.parts) > 1]
            if len(people) == 1:
                return people[0]
        if run.kind in ("person", "surname") or (
            single and run.kind in ("org", "title") and single.low not in _COUNTRIES and "." not in single.text
        ):
            probe = run if run.kind == "surname" else replace(run, title=[], name=run.tokens[-1:])
            cands = self._by_surname(probe)
            if cands:  # "Dean" for Howard Dean, "PENCE" in a kicker for Mike Pence
                return self._pick(cands, run, pos)
        if run.kind == "surname" and not run.title:
            org = self._known_org(run.tokens)
            if org is not None:
                return org
        if run.kind == "surname" or run.kind == "person":
            if run.title or not _looks_org(self.text[run.name_start : run.name_end]):
                ent = self._person(run)
                if ent.gender is None:
                    ent.gender = self._gender(ent)
                return ent
        if run.kind == "title":
            return self._nominal(run.tokens, len(run.tokens) - 1, pos) or self.unnamed()
        ent = self._org(run.tokens, pos)
        return ent if ent is not None else self.unnamed()

    def _apposition_name(self, end: int) -> _Ent | None:
        """"a spokesman, Josh Earnest, said": the name right after the mention names it."""
        m = re.match(r",\s+", self.text[end : end + 4])
        if not m:
            return None
        after = self.run_starting(end + m.end(), end + m.end())
        if after and after.kind == "person" and self.text[after.end : after.end + 1] in (",", ")", " "):
            return self._name(after, end)
        return None

    # -- pronouns ------------------------------------------------------------------------------------------
    def _pronoun(self, word: str, start: int, end: int) -> _Ent:
        kind = _PRONOUNS[word]
        if kind == "first":
            if self.marks.inside(Span(start, end)):  # the speaker of the quote this "I" is in
                for q in self.doc.quotes:
                    if q.speaker is not None and q.start <= start < q.end and not q.speaker.overlaps(Span(start, end)):
                        return self.speaker(q.speaker.start, q.speaker.end)
            return self.unnamed()  # the author, or a narrator the article does not name
        if kind == "second":
            return self.unnamed()
        if kind == "relative":
            return self._relative(start)
        ok: Check
        if kind in ("m", "f"):
            def ok(e: _Ent) -> bool:
                # a name of unknown gender is a person only if it speaks or has a title ("Reuters" is not)
                # (or a full name that opens a sentence: "Aaron Kall is the director of debate at …")
                return e.kind == "person" and (e.gender == kind or e.gender is None and (bool(e.quoted) or any(
                    t & _ROLE_WORDS for t in e.titles) or any(
                    r.kind == "person" and not r.headline and self._starts_sentence(r.tokens[0]) for r in e.runs)))
        elif kind == "it":
            def ok(e: _Ent) -> bool:  # "it said" is seldom a country
                return e.kind in ("organization", "document") and e.key not in _COUNTRIES
        else:
            def ok(e: _Ent) -> bool:
                return e.kind in ("group", "organization") or (e.kind == "unnamed" and e.plural)
        found = self._walk_back(start, ok, oblique=kind not in ("m", "f"))
        if found is None and kind in ("m", "f"):
            # Only a possessive or object fits ("fight Donald J. Trump's wall, he said"): a full name of
            # unknown gender before it ("Jorge Castañeda served as ...") is the likelier antecedent.
            strict = ok

            def ok(e: _Ent) -> bool:
                return strict(e) or e.kind == "person" and e.gender is None and any(r.kind == "person" for r in e.runs)

            found = self._walk_back(start, ok)
        if found is None and kind == "it":
            found = self._walk_back(start, lambda e: e.kind == "organization")
        if found is not None:
            return found
        if kind in ("m", "f"):
            people = [e for e in self.persons.values() if e.gender == kind and e.positions]
            if people:
                return max(people, key=lambda e: len(e.positions))
        return self.unnamed(plural=kind == "plural")

    def _walk_back(self, pos: int, ok: Check, window: int = 2500, oblique: bool = True) -> _Ent | None:
        """The antecedent of a pronoun at ``pos``, sentence by sentence backwards: in its own sentence the
        nearest speaker or else the first compatible mention; in earlier sentences the speaker of a quote,
        else the first (subject-like) compatible mention. Quoted and parenthesised mentions count last."""
        here = self.sentence(pos)
        by_sentence: dict[int, list[_Mention]] = {}
        for m in reversed(self.mentions):
            if pos - m.start > window:
                break
            if m.start < pos and ok(m.ent):
                by_sentence.setdefault(m.sentence, []).append(m)
        for s in sorted(by_sentence, reverse=True):
            # text order; a group ("Germany and France") before its first member
            ms = sorted(by_sentence[s], key=lambda m: (m.start, m.start - m.end))
            plain = [m for m in ms if not m.aside]
            if not plain:
                continue
            speakers = [m for m in plain if m.speaker]
            subjects = [m for m in plain if not m.oblique]
            if s == here:
                # "Campaigning against Mitt Romney in 2012, he ...": not the object of a preposition
                if speakers or subjects:
                    return speakers[-1].ent if speakers else subjects[0].ent
                continue
            return (speakers or subjects or plain)[0].ent
        for s in sorted(by_sentence, reverse=True):  # only oblique or parenthesised mentions fit
            return by_sentence[s][-1].ent if oblique else None
        return None

    def _relative(self, pos: int) -> _Ent:
        """"who" / "which" / "that": the noun phrase right before it ("who" a person, "which" a thing)."""
        person = self.text[pos : pos + 3].lower() == "who"

        def fits(e: _Ent) -> bool:
            return e.kind in ("person", "group", "unnamed") if person else e.kind != "person"

        for m in reversed(self.mentions):
            if m.end <= pos and not self.text[m.end : pos].strip(" ,\xa0") and fits(m.ent):
                return m.ent
            if m.end < pos - 200:
                break
        prev = self.run_before(pos)
        if prev and (prev.kind in ("person", "surname") or not person):
            return self._name(prev, pos)
        # "Kaine is a former civil rights lawyer who ...", "Heather Samuelson, a Clinton campaign staffer
        # who ...": the nearest person (or thing) before, not one used as a modifier ("Clinton campaign")
        here = self.sentence(pos)
        for m in reversed(self.mentions):
            if m.sentence != here or pos - m.end > 150:
                break
            after = re.match(r"(?:['’]s)?\s+([a-z]+)", self.text[m.end : m.end + 30])
            modifier = person and after is not None and not _verb_like(after.group(1)) and (
                after.group(1) not in _AUXILIARIES and after.group(1) not in ("who", "and", "or")
            )
            if m.end <= pos and not m.aside and not modifier and fits(m.ent) and m.ent.kind != "unnamed":
                return m.ent
        return self.unnamed()

    def _recent(self, pos: int, ok: Check, window: int) -> _Ent | None:
        for m in reversed(self.mentions):
            if m.start < pos - window:
                break
            if m.start < pos and ok(m.ent):
                return m.ent
        return None

    # -- groups --------------------------------------------------------------------------------------------
    def _group(self, toks: list[_Token], pos: int) -> _Ent | None:
        """"The United States and Japan", "Mr. Grassley and Mr. Leahy": two or more named parts.

        Parts are split at "and", "&" and commas; a part after a comma that describes rather than names
        ("..., the world's two biggest polluters", "..., Republican of Iowa,") is an apposition and dropped.
        Every other part must be a name ("the Obama administration" counts: a name and an organisation noun).
        """
        inner = {t.start for r in self._runs_of(toks) for t in r.tokens}
        parts: list[tuple[str, list[_Token]]] = [("", [])]  # how each part begins: "", ",", "and", ",and"
        for t in toks:
            last = parts[-1][1]
            gap = self.text[last[-1].end : t.start] if last else ""
            if "/" in gap:
                return None
            if t.low in ("who", "which", "that", "whose"):
                break
            if (t.low == "and" and t.start not in inner) or t.text == "&":
                parts.append((",and" if "," in gap else "and", []))
                continue
            if "," in gap or "--" in gap or "(" in gap:
                parts.append((",", []))
            parts[-1][1].append(t)
        named: list[list[_Token]] = []
        in_apposition = False
        for how, p in parts:
            after_comma = how in (",", ",and")
            described = any(not t.cap and t.low not in _NAME_GLUE for t in p[1:])
            if p and (after_comma or in_apposition) and (
                (in_apposition and how != ",and")  # ", and Patrick J. Leahy" ends the apposition
                or (not p[0].cap and not (len(p) > 1 and p[0].low == "the" and p[1].cap))  # ", a Democrat whose"
                or (len(p) > 1 and p[1].low == "of")
                or (after_comma and described)
            ):
                # "..., a professor at Princeton University", "..., of Springfield, Va.", "..., House editor for"
                in_apposition = True
                continue
            in_apposition = False
            while p and (p[0].low in _STOP or p[0].low in _GROUP_LEAD or (
                not p[0].cap and p[0].low in _TITLES and len(p) > 1 and p[1].cap
            )):
                p = p[1:]
            while p and p[-1].low in ("all", "both", "each", "together", "too"):
                p = p[:-1]
            if not p:
                continue
            if not p[0].cap or any(t.low in _AUXILIARIES for t in p):
                return None
            named.append(p)
        if len(named) < 2:
            return None
        if len(named) == 2 and len(named[0]) == 1 and named[1][-1].low in _ORG_WORDS:
            return None  # Securities and Exchange Commission
        members: list[_Ent] = []
        for p in named:
            runs = self._runs_of(p)
            if p[-1].low in _ORG_HEADS and not p[-1].cap and runs:  # "the Obama administration"
                members.append(self._phrase(p, p[0].start, p[-1].end))
                continue
            if not runs or runs[-1].end != p[-1].end or runs[-1].kind == "title":
                return None
            if len(runs) > 1 and runs[-1].kind not in ("person", "surname"):
                return None
            members.append(self._name(runs[-1], pos))
        return self._group_of(members)

    def _pair(self, pos: int, plural: str, titled_only: bool = False) -> _Ent | None:
        """"both men", "the candidates", "the two countries": the two people (or countries) meant.

        People whose titles fit ("the senators": two senators) are preferred, the most mentioned first;
        otherwise the two most recent people (or countries) before ``pos``.
        """
        countries = plural in ("countries", "nations")
        role = {"men": "man", "women": "woman"}.get(plural, plural[:-1])
        roles = {role, *_ROLE_SYNONYMS.get(role, ())}
        titled = [e for e in dict.fromkeys(self.persons.values()) if e.positions and e.positions[0] < pos
                  and any(roles & t for t in e.titles)]
        found: list[_Ent] = sorted(titled, key=lambda e: -len(e.positions))[:2] if not countries else []
        if len(found) < 2 and titled_only:
            return None
        if len(found) < 2:
            found = []
            for m in reversed(self.mentions):
                if pos - m.start > 1500 or len(found) == 2:
                    break
                if countries:
                    ok = m.ent.key in _COUNTRIES and m.ent.key not in _STATES
                else:
                    ok = m.ent.kind == "person" and m.ent.name is not None
                if m.start < pos and ok and m.ent not in found:
                    found.append(m.ent)
        if len(found) < 2 and not countries:  # "the candidates": the article's two main people
            people = [e for e in dict.fromkeys(self.persons.values()) if e.before(pos) and e.name]
            found = sorted(people, key=lambda e: -e.before(pos))[:2]
        if len(found) < 2:
            return None
        found.sort(key=lambda e: e.positions[0])
        return self._group_of(found)

    def _group_of(self, members: list[_Ent]) -> _Ent:
        key = frozenset(e.idx for e in members)
        if key not in self.groups:
            self.groups[key] = self.new(
                "group", "; ".join(e.name or "?" for e in members), members=tuple(e.idx for e in members)
            )
        return self.groups[key]

    # -- nominals ------------------------------------------------------------------------------------------
    def _nominal(self, toks: list[_Token], head_i: int, pos: int, strict: bool = False) -> _Ent | None:
        """"the prime minister", "The GOP nominee": the person whose titles match, then the registry's roles,
        then (for "the Republican"-style nominals) the article's most salient person. ``strict``: only a
        person whose titles match, else None (for nominals in the running text)."""
        words = {_EXPAND.get(t.low, t.low) for t in toks if t.low not in _STOP or t.low == "former"}
        head = _EXPAND.get(toks[head_i].low, toks[head_i].low)
        # "Senator from Texas": a capitalised title without an article is definite too
        definite = toks[0].low in ("the", "his", "her", "its", "their") or toks[0].possessive or (
            toks[0].cap and toks[0].low in _TITLES
        )
        heads = {head, *_ROLE_SYNONYMS.get(head, ())}
        mods = words - {head}
        parties = (mods | {head}) & _PARTIES  # "the Democratic nominee", and "the Democrat" itself
        gender = "m" if head in _MALE_WORDS or head.endswith("man") else "f" if head in _FEMALE_WORDS else None
        best: tuple[tuple[float, ...], _Ent] | None = None
        holders = 0
        for ent in dict.fromkeys(self.persons.values()):
            if gender and ent.gender not in (gender, None):
                continue  # "the New York businessman" is not Hillary Clinton
            # "the president" is not the vice president, "the Democratic nominee" not the former one
            titles = [t for t in ent.titles if heads & t and (t & _CONTRASTIVE) <= mods]
            if not titles:
                continue
            own = set().union(*ent.titles) & _PARTIES
            if parties and own and not own & parties:
                continue  # "the GOP nominee" is not the Libertarian (or the Democratic) nominee
            holders += 1
            score = max(len(mods & t) for t in titles) - bool(mods & _CONTRASTIVE - set().union(*titles))
            rank = (score, *self.salience(ent, pos))
            if best is None or rank > best[0]:
                best = (rank, ent)
        if best is not None and parties and best[0][0] <= 0:
            best = None  # "the Democratic nominee" is not a nominee the text never calls a Democrat
        if best is not None and (definite or best[0][0] > 0 or holders == 1):
            return best[1]
        if strict:
            return None
        if self.registry is not None:
            role = " ".join(t.text for t in toks)
            entries = self.registry.by_role(role)
            present = [e for e in entries if self._registry_entity(e, create=False) is not None]
            if len(present) == 1 or len(entries) == 1:
                return self._registry_entity((present or list(entries))[0], create=True)  # type: ignore[return-value]
        if definite and holders == 0 and head not in _SALIENT_NOMINALS and not parties and toks[0].low == "the":
            # "The Indiana governor" with no governor named so: the person the text was just talking about
            found = self._walk_back(
                pos, lambda e: e.kind == "person" and e.name is not None and gender in (e.gender, None), window=1200
            )
            if found is not None:
                return found
        if definite and (head in _SALIENT_NOMINALS or parties):
            people = [e for e in dict.fromkeys(self.persons.values())
                      if e.positions and (gender is None or e.gender in (gender, None))]
            if parties:  # "the Republican": a person the text calls Republican, if any
                people = [e for e in people if set().union(*e.titles) & parties] or people
            if people:
                return max(people, key=lambda e: (min(len(e.positions), 20) + 2 * len(e.quoted), -e.idx))
        return self.unnamed()

    def _registry_entity(self, entry: RegistryEntry, create: bool) -> _Ent | None:
        assert self.registry is not None
        for ent in self.entities:
            if ent.kind == entry.kind and ent.name and self.registry.find(ent.name) is entry:
                return ent
        if not create:
            return None
        key = name_key(entry.name)
        ent = self.new(entry.kind, entry.name, key=key, parts=tuple(key.split()))
        if entry.kind == "person":
            self.persons.setdefault(key, ent)
            self._person_idx = None
        return ent

    # -- organisations -------------------------------------------------------------------------------------
    def _org(self, tokens: list[_Token], pos: int) -> _Ent | None:
        """The organisation a capitalised name means: the same name, its acronym, or a shorter form of a
        longer name in the text ("The Post" → "The New York Post", "Peabody" → "Peabody Energy")."""
        while tokens and tokens[0].low in ("the", "a", "an"):
            tokens = tokens[1:]
        if not tokens:
            return None
        name = self._span(tokens)
        key = name_key(name)
        if key in self.orgs:
            return self.orgs[key]
        if len(tokens) == 1 and _is_acronym(tokens[0].text):
            acronym = tokens[0].text.replace(".", "").upper()
            full = next((e for e in self.orgs.values() if e.name and _initials(e.name) == acronym), None)
            if full is None:
                expansion = self._expand_acronym(acronym)
                full = self._org_entity(expansion) if expansion else None
            if full is not None:
                self.orgs[key] = full
                return full
        low = tuple(t.low for t in tokens)
        n = len(low)
        longer = [] if key in _COUNTRIES else [
            e for e in self.orgs.values()
            if e.kind == "organization" and len(e.parts) > n and (e.parts[:n] == low or e.parts[-n:] == low)
        ]
        if longer:
            best = max(longer, key=lambda e: self.salience(e, pos))
            self.orgs[key] = best
            return best
        return self._org_entity(name)

    def _known_org(self, tokens: list[_Token]) -> _Ent | None:
        """An organisation already named in full that these words abbreviate ("Peabody" → "Peabody Energy")."""
        low = tuple(t.low for t in tokens)
        n = len(low)
        if " ".join(low) in _COUNTRIES:
            return None
        longer = [e for e in self.orgs.values() if len(e.parts) > n and (e.parts[:n] == low or e.parts[-n:] == low)]
        return longer[0] if len(longer) == 1 else None

    def _org_entity(self, name: str) -> _Ent:
        key = name_key(name)
        if key in self.orgs:
            return self.orgs[key]
        shown = name[4:] if name.startswith(("The ", "the ")) else name
        if key in self.the_names:
            shown = "The " + shown
        ent = self.new("organization", shown, key=key, parts=tuple(key.split()))
        self.orgs[key] = ent
        return ent

    def _expand_acronym(self, acronym: str) -> str | None:
        """"International Monetary Fund (IMF)", or a capitalised name (or the start of one) with those initials."""
        for m in re.finditer(r"\(\s*" + re.escape(acronym) + r"\s*\)", self.text):
            words = _tokens(self.text, max(0, m.start() - 120), m.start())
            for k in range(2, min(len(words), 10) + 1):
                cand = words[-k:]
                if cand[0].cap and _initials(self._span(cand)) == acronym:
                    return self._span(cand)
        if self._acronyms is None:  # indexed once: a pass over every run per acronym was quadratic
            whole: dict[str, str] = {}
            first_words: dict[str, str] = {}  # "U.N." and "United Nations Security Council"
            for run in self.runs:
                if len(run.tokens) > 1:
                    whole.setdefault(_initials(self._span(run.tokens)), self._span(run.tokens))
                for k in range(2, len(run.tokens)):
                    if run.tokens[k - 1].cap:
                        first_words.setdefault(_initials(self._span(run.tokens[:k])), self._span(run.tokens[:k]))
            self._acronyms = whole, first_words
        whole, first_words = self._acronyms
        return whole.get(acronym) or first_words.get(acronym)

    def _campaign(self, toks: list[_Token], head_i: int, pos: int) -> _Ent:
        """"the Clinton campaign", "Clinton's campaign", "her campaign" → "Hillary Clinton campaign"."""
        owner: _Ent | None = None
        before = [t for t in toks[:head_i] if t.low not in ("presidential", "reelection", "re-election")]
        if before and before[-1].low in _PRONOUNS:
            owner = self._pronoun(before[-1].low, before[-1].start, before[-1].end)
        else:
            runs = self._runs_of(before)
            if runs:
                owner = self._name(runs[-1], pos)
                running = [e for e in self._by_surname(runs[-1]) if any(_CANDIDATE_WORDS & t for t in e.titles)]
                if len(runs[-1].name) == 1 and len(running) == 1:
                    owner = running[0]  # "the Trump campaign" is the candidate's, not his daughter's
        if owner is None or owner.name is None or owner.kind != "person":
            return self._org_nominal(toks, head_i, pos)
        return self._org_entity(f"{owner.name} campaign")

    def _org_nominal(self, toks: list[_Token], head_i: int, pos: int) -> _Ent:
        """"the agency", "police", "Tulsa police", "the Senate banking committee"."""
        head = toks[head_i].low
        mods = [t for t in toks[:head_i] if t.low not in _STOP]
        # named by its modifiers: "Tulsa police", "the Senate banking committee" (not a capital a headline
        # or a sentence start gives a common word: "Federal court", "Flight attendants' union")
        if any(t.cap and not self._common_capital(t) for t in mods):
            known = self.orgs.get(name_key(self._span(mods)))
            if known is not None:  # "the NATO alliance" is NATO
                return known
            return self._org_entity(self.text[mods[0].start : toks[head_i].end])
        post = toks[head_i + 1 :]
        if len(post) > 1 and post[0].low == "of" and post[1].cap:  # "the city of Phoenix"
            runs = self._runs_of(post[1:])
            if runs and runs[0].start == post[1].start:
                return self._org_entity(self.text[toks[head_i].start : runs[0].end])
        if head == "state" and not mods:  # "the state": the US state the text last named
            found = self._recent(pos, lambda e: e.key in _STATES, 3000)
            if found is not None:
                return found
        if head == "campaign":
            found = self._recent(pos, lambda e: e.kind == "organization" and (e.name or "").endswith("campaign"), 3000)
            if found is not None:
                return found
        words = {head, *_ORG_CLASSES.get(head, ())}
        adjectives = {t.low for t in mods}

        def fits(e: _Ent) -> bool:
            return e.kind == "organization" and bool(words & set(e.parts)) and adjectives <= set(e.parts) | _LOOSE
        found = self._recent(pos, fits, 4000)
        if found is None:
            # any organisation of that kind in the article, the one sharing most words with the mention first
            mention = {t.low for t in toks} | {t.low.rstrip("s") for t in toks}
            orgs = [e for e in dict.fromkeys(self.orgs.values()) if fits(e) or (
                words & set(e.parts) and len(mention & set(e.parts)) >= 2)]
            if orgs:
                found = max(orgs, key=lambda e: (len(mention & set(e.parts)), bool(e.positions), -e.idx))
        if found is None:
            found = self._named_head(head, pos)
        if found is None and mods and all(not t.cap for t in mods) and head in ("government", "court"):
            return self._org_entity(self.text[mods[0].start : toks[head_i].end])  # "the federal government"
        return found if found is not None else self.unnamed()

    def _common_capital(self, t: _Token) -> bool:
        """A capital that says nothing: a headline's, or a sentence start's on a word used in lower case too."""
        return self.headline(t.start) or (self._starts_sentence(t) and t.low in self.lower_words)

    def _named_head(self, head: str, pos: int) -> _Ent | None:
        """"police" after "Charlotte-Mecklenburg police": the nearest capitalised name of that kind."""
        if head not in self._heads:  # the text's names of that kind, found once per head word
            found = []
            for m in re.finditer(r"((?:[A-Z][\w.&'’-]*\s)+)" + re.escape(head) + r"\b", self.text):
                words = [t for t in _tokens(m.group(1)) if t.low not in _STOP and t.low not in _DESCRIPTORS]
                if words and ". " not in m.group(1):
                    found.append((m.start(), self.text[m.start() + words[0].start : m.end()]))
            self._heads[head] = found
        best = None
        for start, name in self._heads[head]:
            if best is None or start < pos:
                best = name
        return self._org_entity(best) if best else None

    # -- documents -----------------------------------------------------------------------------------------
    def _document(self, toks: list[_Token], head_i: int, pos: int, full: list[_Token]) -> _Ent:
        """"a U.S.-Japan joint statement released by the White House", then "the statement"."""
        head = _DOC_CLASSES.get(toks[head_i].low, toks[head_i].low)
        pre = [t for t in toks[:head_i] if t.low not in _STOP]
        definite = toks[0].low in ("the", "this", "that", "these", "those")
        issuer = self._issuer(toks[:head_i], [t for t in full if t.start > toks[head_i].start], pos)
        earlier = self._recent(pos, lambda e: e.kind == "document" and e.head == head, 10**9)
        if self.documents == "issuer" and issuer is None and not (definite and earlier is not None):
            issuer = self._subject(pos)  # "the union said in a statement"
            if issuer is None and earlier is None:  # "The Washington Post ran a feature ... The piece used"
                issuer = self._subject(pos, back=1)
        if earlier is None and definite:  # "The clip" after "A web video by the RNC"
            earlier = self._recent(pos, lambda e: e.kind == "document" and e.name is not None, 1500)
        if self.documents == "issuer":
            if issuer is None or issuer.name is None:
                return earlier if earlier is not None else self.new("document", None, head=head)
            name = issuer.name
        else:
            # named by its capitalised modifiers ("a U.S.-Japan joint statement"), not by "New" or a headline
            words = [t for t in pre if t.low not in _DOC_ADJECTIVES]
            if not any(any(c.isupper() for c in t.text) and not self._common_capital(t) for t in words):
                return earlier if earlier is not None else self.new("document", None, head=head)
            name = self.text[words[0].start : toks[head_i].end]
            if earlier is not None and earlier.name is None:
                earlier.name = name
                return earlier
        key = "doc:" + name_key(name)
        for ent in self.entities:
            if ent.kind == "document" and ent.key == key:
                return ent
        return self.new("document", name, key=key, head=head)

    def _subject(self, pos: int, back: int = 0) -> _Ent | None:
        """The first named person or organisation (not after a preposition) of the sentence ``back``
        sentences before the one at ``pos``."""
        here = self.sentence(pos) - back
        found = None
        for m in reversed(self.mentions):
            if m.sentence < here:
                break
            if (m.sentence == here and m.start < pos and not m.aside and not m.oblique
                    and m.ent.kind in ("person", "organization") and m.ent.name
                    and not self.text[m.start : m.end].isupper()):  # not a dateline ("WASHINGTON -")
                found = m.ent
        return found

    def _issuer(self, pre: list[_Token], post: list[_Token], pos: int) -> _Ent | None:
        """Who issued a document: "by/from X", "X's report", "his website", "a Quinnipiac University poll"."""
        by = next((i for i, t in enumerate(post[:8]) if t.low in ("by", "from")), None)
        if by is not None and all(t.low in _DOC_VERBS or not t.cap for t in post[:by]):
            rest = post[by + 1 :]  # "released by", "being released on Tuesday by"
            cut = next((i for i, t in enumerate(rest) if t.low in ("who", "which", "that")), len(rest))
            rest = rest[:cut]
            if rest:
                return self._phrase(rest, rest[0].start, rest[-1].end)
        for i, t in enumerate(pre):
            if t.low in ("his", "her", "its", "their"):
                return self._pronoun(t.low, t.start, t.end)
            if t.possessive:  # "Ivana Trump's brief", "the party's bylaws"
                runs = self._runs_of(pre[: i + 1])
                if runs:
                    return self._name(runs[-1], pos)
                owner = self._phrase(pre[: i + 1], pre[0].start, t.end)
                return owner if owner.kind != "unnamed" else None
        caps = [t for t in pre if t.cap and t.low not in _STOP and t.low not in _DOC_ADJECTIVES]
        if not caps:
            return None
        names: list[list[_Token]] = [[]]  # "a New York Times/CBS News poll": two issuers
        for t in caps:
            if names[-1] and "/" in self.text[names[-1][-1].end : t.start]:
                names.append([])
            names[-1].append(t)
        ents = [self._modifier(n, pos) for n in names]
        return ents[0] if len(ents) == 1 else self._group_of(ents)

    def _modifier(self, tokens: list[_Token], pos: int) -> _Ent:
        """The entity a name used as a modifier stands for ("a Bloomberg poll", "a Donald Trump tweet")."""
        runs = self._runs_of(tokens)
        if runs and runs[-1].kind == "person":
            return self._name(runs[-1], pos)
        known = self._known_org(tokens)
        if known is not None:
            return known
        cands = self._by_surname(runs[-1]) if runs and runs[-1].kind == "surname" else []
        if cands:
            return self._pick(cands, runs[-1], pos)
        return self._org(tokens, pos) or self._org_entity(self._span(tokens))

    # -- output --------------------------------------------------------------------------------------------
    def _finish(self) -> Document:
        self._cataphora()
        chosen = {
            i: self.resolved[(q.speaker.start, q.speaker.end)]
            for i, q in enumerate(self.doc.quotes)
            if q.speaker is not None
        }
        if self.implicit is not None and len(chosen) < len(self.doc.quotes):
            # quotes without a speaker mention: the learned choice among the entities around them, read from
            # the explicit speakers only (so the choices do not depend on one another)
            context = Context(self, dict(chosen))
            for i, q in enumerate(self.doc.quotes):
                if q.speaker is None:
                    ent = self.implicit.choose(self, q, context)
                    if ent is not None:
                        chosen[i] = ent
        used = {id(e): e for e in chosen.values()}
        ordered = sorted(used.values(), key=lambda e: (min(s.start for s in e.mentions), e.idx))
        for ent in ordered:
            self._first_name(ent)
        ids = {e.idx: f"e{i}" for i, e in enumerate(ordered, 1)}
        entities = [self._entity(e, ids[e.idx]) for e in ordered]
        quotes = [
            replace(q, entity=ids[chosen[i].idx] if i in chosen else None) for i, q in enumerate(self.doc.quotes)
        ]
        return self.doc.with_annotations(quotes, entities)

    def _cataphora(self) -> None:
        """"Poll: ..." in a headline, then "A Bloomberg poll": an unnamed document named just after."""
        docs = [e for e in self.entities if e.kind == "document" and e.positions]
        for ent in docs:
            if ent.name is not None:
                continue
            first = ent.positions[0]
            later = [e for e in docs if e.name is not None and e.head == ent.head and 0 < e.positions[0] - first < 1500]
            if later:
                target = min(later, key=lambda e: e.positions[0])
                for key, value in self.resolved.items():
                    if value is ent:
                        self.resolved[key] = target
                        target.mentions.update(ent.mentions)
                # the walk's record too: the scorer of speakers without a mention reads its candidates from it
                for m in self.mentions:
                    if m.ent is ent:
                        m.ent = target
                target.positions = sorted(target.positions + ent.positions)
                target.quoted = sorted(target.quoted + ent.quoted)

    def _entity(self, ent: _Ent, eid: str) -> Entity:
        name, wikidata = self._canonical(ent)
        if ent.kind == "group" and ent.members:
            name = "; ".join(self._canonical(self.entities[i])[0] or "?" for i in ent.members)
        return Entity(eid, name if ent.kind != "unnamed" else None, ent.kind, tuple(sorted(ent.mentions)),
                      wikidata)

    def _first_name(self, ent: _Ent) -> None:
        """"Obama" when the text writes "Barack Obama" only inside a longer name ("Barack Obama Election Day"):
        a known first name right before the surname, not another person's, completes the name."""
        if ent.kind != "person" or len(ent.parts) != 1 or not ent.name:
            return
        taken = {e.parts[0] for e in self._person_index()[0].get(ent.parts[0], []) if len(e.parts) > 1}
        names = {"f": _FEMALE_NAMES, "m": _MALE_NAMES}.get(ent.gender or "", _FEMALE_NAMES | _MALE_NAMES)
        surname = ent.name
        for start in self._occurrences(surname):
            m = re.search(r"\b([A-Z][a-z]+) (?:[A-Z]\. )?\Z", self.text[max(0, start - 40) : start])
            if m and m.group(1).lower() in names and m.group(1).lower() not in taken:
                ent.name = f"{m.group(1)} {surname}"
                return

    def _occurrences(self, word: str) -> list[int]:
        """Where a capitalised word stands as a whole word, from an index of the text built once (a plain word's
        whole-word matches are exactly the maximal \\w+ runs equal to it); other strings ("J.R.") are searched."""
        if not re.fullmatch(r"[A-Z]\w*", word):
            return [m.start() for m in re.finditer(rf"\b{re.escape(word)}\b", self.text)]
        if self._capitalised is None:
            self._capitalised = defaultdict(list)
            for m in re.finditer(r"\b[A-Z]\w*", self.text):
                self._capitalised[m.group()].append(m.start())
        return self._capitalised.get(word, [])

    def _canonical(self, ent: _Ent) -> tuple[str | None, str | None]:
        """The registry's name and Wikidata id when the entity is a registry speaker, else the text's name."""
        if self.registry is None or ent.name is None or ent.kind == "group":
            return ent.name, None
        entry = self.registry.find(ent.name)
        return (entry.name, entry.wikidata) if entry is not None else (ent.name, None)


def _fullest(variants: Counter[str]) -> str:
    """The fullest form of a name: most words that are not initials, then fewest initials, then most used."""

    def rank(item: tuple[str, int]) -> tuple[int, int, int]:
        words = item[0].split()
        full = sum(1 for w in words if len(w.rstrip(".")) > 1)
        return (full, -(len(words) - full), item[1])

    return max(variants.items(), key=rank)[0]


def _one_edit(a: str, b: str) -> bool:
    """Whether two words of five letters or more differ by one substitution, insertion or deletion."""
    if a == b or abs(len(a) - len(b)) > 1 or a[0] != b[0]:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _verb_like(word: str) -> bool:
    """Words that end a title read backwards from a name ("...was prepared Mitt Romney")."""
    return word in _AUXILIARIES or (word.endswith(("ed", "ing")) and word not in _TITLE_PARTICIPLES)


_CAPITAL_NEXT = re.compile(r"\s+[A-Z]")  # a first name followed by a surname


def _own_words(tokens: list[_Token]) -> set[str]:
    """An apposition's role words that describe the person: in "the Republican nominee's daughter" only
    "daughter" (the rest describes her father)."""
    last = max((i for i, t in enumerate(tokens) if t.possessive), default=-1)
    return {_EXPAND.get(t.low, t.low) for t in tokens[last + 1 :]}


def _first_name_gender(ent: _Ent) -> str | None:
    first = ent.parts[0] if len(ent.parts) > 1 else None
    return "f" if first in _FEMALE_NAMES else "m" if first in _MALE_NAMES else None


def _initials(name: str) -> str:
    words = [w for w in re.findall(r"[\w&'’-]+", name.replace(".", "")) if w.lower() not in _SMALL_WORDS]
    return "".join(w[0] for w in words).upper()


def _inside(regions: list[tuple[int, int]], pos: int) -> bool:
    i = bisect.bisect_right(regions, (pos, 10**12)) - 1
    return i >= 0 and regions[i][0] < pos < regions[i][1]


def _looks_org(name: str) -> bool:
    low = name_key(name)
    return low in _COUNTRIES or _is_acronym(name) or any(w in _ORG_WORDS for w in low.split())


def _plural(word: str) -> bool:
    if word in ("men", "women", "people", "children"):
        return True
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is"))


def _head_index(toks: list[_Token]) -> int:
    """The head noun of a phrase: the last word before a post-modifier ("of", "for", "released by", ...)."""
    for i, t in enumerate(toks):
        if i and t.low in _POST_MODIFIERS:
            return i - 1
    return len(toks) - 1


def link(
    doc: Document,
    registry: Registry | None = None,
    *,
    documents: DocumentNames = "title",
    implicit: ImplicitSpeakers | None = None,
) -> Document:
    """The document with every quote's ``entity`` set and ``entities`` filled (e1, e2, … by first mention).

    Quotes keep their speaker mention spans. A quote without a speaker mention gets no entity, unless
    ``implicit`` (the learned scorer of :mod:`attrib.implicit`) picks one from the entities around it. The
    entities are the speakers, each with the mentions of it that were resolved (speaker mentions and names in
    the text).
    ``registry`` gives canonical names, Wikidata ids and roles; ``documents`` chooses how documents are named:
    "title" ("U.S.-Japan joint statement") or "issuer" (who issued it: the polnear-speakers convention).
    """
    if all(q.speaker is None for q in doc.quotes) and (implicit is None or not doc.quotes):
        return doc.with_annotations([replace(q, entity=None) for q in doc.quotes], [])
    return _Linker(doc, registry, documents, implicit).run()
