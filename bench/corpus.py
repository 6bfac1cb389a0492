"""A synthetic corpus of explainer briefs, for the benchmark.

    python bench/corpus.py --briefs 1000 --seed 1 --out /tmp/corpus-1000 [--check]

writes a complete project folder (``briefs/`` plus copies of the repository's ``mkdocs.yml``,
``templates/`` and ``content/``) in which ``briefs check --strict`` is clean and
``briefs build --root DIR`` works.

Every brief is shaped like the first real one (briefs/iraq-militias-2020): about a dozen actors,
ten events, seven quotes, three sources with stored texts (sometimes a fourth known only through the
first, as the real brief's CBS interview), relations between the actors, a Markdown summary and
"why it matters", key actors and quotes, sometimes an updates log. It is valid by construction:

- every quote and excerpt is cut from a sentence that is written into the cited source's stored
  text (the stored texts use typographic apostrophes and dashes, the YAML plain ones, as editors
  do, so the checker's normalisation is exercised);
- ids follow the id rule and are unique where they must be; names and aliases are unique across
  the corpus (no same-name warnings);
- every actor, source and quote of a brief is used by something;
- dates mix every precision (year, month, day, minute with a time zone, ranges, approximate,
  undated) and zones; every event is dated before the sources that report it.

Actors come from a shared pool with skewed popularity, so profiles gather many briefs. An actor is
defined once, in the first brief that uses it in the checker's order (by file path, which is the
order of brief ids), and every other brief reuses it with ``- ref: <id>`` and its own role.

The output depends on the seed alone (random.Random(seed); no clock, no hash order).
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import itertools
import json
import re
import shutil
import sys
import textwrap
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from random import Random

REPO = Path(__file__).resolve().parent.parent

# -- vocabulary -----------------------------------------------------------------------------------

FIRST = """Amara Tomas Leila Henrik Sofia Dmitri Nadia Kwame Ingrid Rafael Mei Omar Elena Yusuf Clara
Idris Marta Jonas Farah Luca Ana Tariq Helena Mateo Zainab Pieter Rosa Arjun Lena Samir Greta Kofi
Isabel Viktor Noor Emil Talia Bruno Ayesha Oskar Lucia Hamid Freya Diego Sana Anton Maya Karim Elif
Niko Amina Felix Irene Said Astrid Paulo Dana Ravi Hana Milan Chidi Ines Bogdan Leyla Teodor Akosua
Malik Sigrid Joaquin Parisa Jan Yara Stefan Adaeze Haruto Lucia Matthias Soraya Andrei Thandiwe
Grigor Beatriz Lars Fatima Cyrus Wanjiru Piotr Alma Hugo""".split()
LAST = """Okafor Lindqvist Haddad Moreau Petrov Castellano Nakamura Mensah Brandt Rahimi Kowalski
Alvarez Osei Fischer Demir Ivanova Costa Hussain Novak Ferreira Achterberg Bianchi Chaudhry Dlamini
Eriksen Farouk Gallagher Halvorsen Ibrahim Jovanovic Kader Larsen Mbeki Nasser O'Neill Pereira
Quintero Rossi Saleh Takahashi Umarov Varga Wojcik Yilmaz Zamora Abiodun Bergstrom Carvalho Duarte
Esposito Fontaine Grünewald Hakimi Iwu Janssen Kuznetsov Lombardi Marchetti Nwosu Oyelaran Pichler
Rasmussen Sørensen Tanaka Urquhart Vasquez Whitfield Xu Yamamoto Zielinski Adeyemi Bakr Cardoso
Dubois Ekström Falk Gutiérrez Horvat Ismail Jablonski Kamara Lehmann Moyo Nieminen Obi Papadopoulos
Quraishi Reyes Schulz Toure Uddin Villanueva Weiss Yusupov Zheng al-Amin al-Rashid bin-Tariq""".split()
SYL_A = """Vel Ist Kan Mor Tal Zer Bel Cas Dor Eld Fen Gar Hal Jor Kel Lor Mar Nor Ost Pra Rud Sar
Tor Ul Var Wes Yor Zan Ard Bor Cyr Dal Esk Grav""".split()
SYL_B = "or av an ed er il on ar ur ev".split()
SYL_C = "ia a istan land ova ania ea ay".split()
CITY_A = """Mer Ash Bram Cor Dun Fal Hav Kir Lan Mil Nor Ox Pel Quen Ros Sel Tam Ur Wyn Zel Bal Cal
Dar Elm Far Glen""".split()
CITY_B = "vale ford gate holm bury mouth stad grad polis ton haven field port".split()
DEPARTMENTS = """Defence Finance Foreign Affairs Health Energy Justice Interior Trade Agriculture
Transport Education Labour""".split()
BODIES = ["Electoral Commission", "Central Bank", "Supreme Court", "National Assembly", "Senate",
          "Coast Guard", "Border Police", "Statistics Office", "Audit Office", "Armed Forces",
          "Ombudsman", "Anti-Corruption Agency", "Port Authority", "Red Crescent Society"]
COMPANY_A = """Northwind Halcyon Meridian Bluewater Ironbridge Silverline Redcliff Goldcrest Stonegate
Brightwater Eastgate Westmark Highfield Copperhill Greenhaven Blackrock Summit Harbourside""".split()
COMPANY_B = ["Energy", "Shipping", "Mining", "Telecom", "Holdings", "Logistics", "Airways",
             "Petroleum", "Construction", "Pharmaceuticals", "Grain Traders", "Capital"]
FIELDS = ["Strategic Studies", "Economic Research", "Peace and Security", "Public Policy",
          "Climate Research", "Democracy and Governance", "Migration Studies", "Energy Security"]
GROUP_ADJ = """Free Popular United Patriotic Democratic Green Revolutionary National Independent
Southern Northern Eastern Western Highland Coastal Workers' Farmers' Students'""".split()
GROUP_NOUN = ["Front", "Movement", "Brigade", "Alliance", "Coalition", "League", "Union",
              "Congress", "Party", "Assembly", "Guard", "Council"]
PUBLISHERS = ["The Meridian Post", "Northern Courier", "Global Wire Service", "The Harbour Times",
              "Radio Caledon", "The Daily Ledger", "Pacific Bulletin", "The Continental Review",
              "Eastern Observer", "The Morning Chronicle", "World Desk Agency", "The Capital Gazette",
              "Frontline Weekly", "The Sentinel", "Public Broadcasting Network"]
AUTHORS = [f"{f} {l}" for f, l in zip(FIRST[::3], LAST[::2])]
TOPICS = {
    "election": ("Elections", "the disputed election", "vote"),
    "border": ("Border dispute", "the border dispute", "border"),
    "trade": ("Trade", "the trade standoff", "tariffs"),
    "energy": ("Energy", "the energy crisis", "pipeline"),
    "protests": ("Protests", "the protests", "protest movement"),
    "courts": ("Courts", "the corruption trial", "trial"),
    "ceasefire": ("Conflict", "the ceasefire talks", "ceasefire"),
    "climate": ("Climate", "the flood response", "flood defences"),
    "health": ("Health", "the outbreak", "vaccination campaign"),
    "shipping": ("Shipping", "the shipping blockade", "strait"),
    "budget": ("Economy", "the budget crisis", "budget"),
    "migration": ("Migration", "the migration deal", "migrants"),
}
TIME_ZONES = ["UTC", "Europe/London", "Europe/Paris", "Europe/Istanbul", "Asia/Baghdad",
              "Asia/Tehran", "Asia/Kolkata", "Asia/Kathmandu", "Asia/Tokyo", "Australia/Sydney",
              "Pacific/Auckland", "Africa/Lagos", "Africa/Nairobi", "America/New_York",
              "America/Sao_Paulo", "America/Los_Angeles"]
TITLES_PERSON = ["foreign minister", "prime minister", "president", "defence minister",
                 "opposition leader", "finance minister", "central bank governor", "chief negotiator",
                 "spokesperson", "army chief of staff", "senior analyst", "trade union leader",
                 "mayor", "chief prosecutor", "interior minister", "health minister",
                 "research fellow", "chief executive", "ambassador", "special envoy"]

# events: (present, past, object templates); {B} another actor, {P} a place, {T} the topic noun
EVENT_VERBS = [
    ("announces", "announced", ["a ceasefire with {B}", "new sanctions on {B}",
                                "a state of emergency in {P}", "an inquiry into the {T}",
                                "plans to reopen the {T} talks", "a snap review of the {T}"]),
    ("meets", "met", ["{B} in {P}", "envoys from {B} in {P}", "{B} for talks on the {T}"]),
    ("rejects", "rejected", ["the proposal from {B}", "calls by {B} to resign",
                             "the terms offered by {B}", "the findings of the {T} inquiry"]),
    ("signs", "signed", ["an agreement with {B}", "a memorandum on the {T} with {B}",
                         "an emergency decree on the {T}"]),
    ("accuses", "accused", ["{B} of breaking the truce", "{B} of interfering in the {T}",
                            "{B} of blocking aid to {P}"]),
    ("suspends", "suspended", ["talks with {B}", "cooperation with {B} on the {T}",
                               "flights to {P}"]),
    ("warns", "warned", ["{B} against escalation", "of a new crisis over the {T}",
                         "that {P} could run short of fuel"]),
    ("holds", "held", ["an emergency session in {P}", "a rally in {P}", "a vote on the {T}"]),
    ("withdraws", "withdrew", ["its delegation from {P}", "support for the {T} deal",
                               "troops from {P}"]),
    ("calls for", "called for", ["an independent investigation in {P}", "calm in {P}",
                                 "a new round of talks with {B}"]),
    ("arrives in", "arrived in", ["{P} for talks with {B}", "{P} with a new offer"]),
    ("files", "filed", ["a complaint against {B}", "charges over the {T}"]),
]
TAILS = ["", "", ", officials said", " after weeks of talks", ", according to people familiar with the matter",
         " despite objections from the opposition", ", a move that surprised diplomats",
         " in a statement read on state television", " late in the evening", " as pressure mounted"]
APPOSITION_ENDS = ["said the talks were at a critical stage", "declined to comment",
                   "has not spoken publicly since", "was among those present",
                   "told reporters the matter was closed", "is expected to attend the next round"]
PARTS = ["Announced it", "Took part", "Was targeted", "Led the talks", "Opposed the move",
         "Hosted the meeting", "Signed on behalf of the government", "Was accused",
         "Responded within hours", "Called for restraint", "Was named in the complaint",
         "Sent a delegation"]

QUOTE_OPEN = ["We will", "Our government will", "We cannot", "Nobody in {P} should", "We do not",
              "The people of {P} will", "This country will", "We are ready to", "No one can",
              "Our partners must", "We must", "Those responsible will"]
QUOTE_VERB = ["not accept", "defend", "keep working on", "walk away from", "honour", "never forget",
              "respond to", "protect", "investigate", "reject", "support", "finish"]
QUOTE_OBJ = ["any agreement that ignores the people of {P}", "the {T} deal",
             "this decision", "our commitments to {B}", "the families who lost everything",
             "the rule of law", "a process that has failed us", "what happened in {P}",
             "the demands of the street", "the promises made last year", "a fair settlement",
             "every last detail of the {T}"]
QUOTE_MORE = ["That is not negotiable.", "The world is watching.", "We have been patient for too long.",
              "History will judge this moment.", "There is no other way.",
              "Time is running out for a peaceful solution.", "We expect the same from them.",
              "I have said this many times."]
SHORT_QUOTES = ["a dangerous gamble", "standing firm", "a betrayal", "premature", "a first step",
                "unacceptable", "a turning point", "business as usual", "deeply concerned"]
OCCASIONS = ["At a press conference", "In a televised address", "On national radio",
             "In an interview", "In a statement", "To reporters in {P}", "In parliament",
             "At a rally in {P}"]

FILLER_SUBJ = ["Officials in {P}", "Analysts", "Diplomats", "Residents of {P}", "The opposition",
               "Economists", "Aid workers", "Local media", "Critics of the plan",
               "Supporters of the government", "Business leaders", "Several lawmakers",
               "Two people briefed on the talks", "Observers from neighbouring countries"]
FILLER_VERB = ["said", "warned", "noted", "expected", "argued", "pointed out", "feared",
               "suggested", "acknowledged", "insisted"]
FILLER_COMP = ["that the {T} could drag on for months", "that prices in {P} had risen sharply",
               "that the talks were fragile", "that little had changed on the ground",
               "that the government's position had hardened", "that the deal left many questions unanswered",
               "that turnout was lower than expected", "that the army had reinforced positions near {P}",
               "that a compromise was still possible", "that the crisis would weigh on growth",
               "that the {T} had exposed deep divisions", "that foreign investors were holding back",
               "that the courts were under unusual pressure", "that the vote would be close"]
FILLER_EXTRA = ["The figures could not be independently verified.",
                "Markets fell on the news before recovering in afternoon trading.",
                "It was not clear when the next meeting would take place.",
                "Schools and shops in the capital stayed closed for a second day.",
                "The ministry did not respond to a request for comment.",
                "Similar efforts have failed twice in the past decade.",
                "The dispute dates back to an agreement signed more than twenty years ago.",
                "Thousands of people gathered in the main square on Saturday.",
                "Roads into the city remained blocked by checkpoints.",
                "The statement did not say how long the measures would last."]
WHY = ["The {T} touches on questions that have divided the region for a generation.",
       "What happens next will shape relations between {A} and {B} for years.",
       "A failure would leave {P} exposed to a longer and costlier crisis.",
       "Investors, neighbours and aid agencies are all watching how {A} responds.",
       "The outcome tests whether the institutions set up after the last crisis still work.",
       "The episode shows how quickly a local dispute can draw in outside powers."]


# -- helpers --------------------------------------------------------------------------------------

def slug(text: str) -> str:
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")[:64].strip("-")


def typographic(text: str) -> str:
    """How a published text prints what editors type plainly."""
    return text.replace("'", "\u2019").replace(" - ", " \u2014 ")


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid ones)."""
    return json.dumps(text, ensure_ascii=False)


def folded(key: str, text: str, indent: int, style: str = ">-") -> list[str]:
    """``key: >-`` and the text wrapped under it; folding restores the single spaces exactly."""
    pad = " " * (indent + 2)
    lines = [f"{' ' * indent}{key}: {style}"]
    paragraphs = text.split("\n\n") if style == "|" else [text]
    for i, para in enumerate(paragraphs):
        if i:
            lines.append("")
        for raw in para.split("\n"):
            wrapped = textwrap.wrap(raw, width=96, break_long_words=False, break_on_hyphens=False)
            lines += [pad + w for w in wrapped] or [""]
    return lines


def scalar(key: str, text: str, indent: int) -> list[str]:
    if len(text) > 90 and "\n" not in text:
        return folded(key, text, indent)
    return [f"{' ' * indent}{key}: {q(text)}"]


def fmt_day(d: dt.date) -> str:
    return d.isoformat()


@dataclass
class ActorSpec:
    id: str
    name: str
    kind: str
    aliases: list[str]
    description: str | None
    title: str  # what the stories call them: "Veloria's foreign minister", "a militia"
    home: str  # a country name


@dataclass
class Source:
    id: str
    title: str
    publisher: str
    kind: str
    published: object  # a YAML date value (str or dict)
    url: str | None
    author: str | None = None
    republished_by: str | None = None
    cited_in: str | None = None
    sentences: list[str] = field(default_factory=list)  # fact sentences to write into the text
    has_text: bool = True


# -- the actor pool -------------------------------------------------------------------------------

class Pool:
    """Actors shared by the briefs, with skewed popularity: a few appear in many briefs."""

    def __init__(self, rng: Random, size: int):
        self.rng = rng
        self.taken_names: set[str] = set()
        self.taken_ids: set[str] = set()
        self.stated: set[tuple[str, str, str]] = set()  # relations of every brief: none contradicts
        self.countries = self._countries(max(30, size // 8))
        self.cities = self._cities(max(40, size // 5))
        self.actors: list[ActorSpec] = []
        kinds = ["person"] * 60 + ["organisation"] * 22 + ["state"] * 10 + ["group"] * 8
        states = iter(self.countries)
        while len(self.actors) < size:
            kind = rng.choice(kinds)
            actor = self._make(kind, states)
            if actor is not None:
                self.actors.append(actor)
        rng.shuffle(self.actors)
        # Zipf-like weights over a random order: rank r has weight 1 / (r + 12)
        self.cum = list(itertools.accumulate(1.0 / (r + 12) for r in range(len(self.actors))))

    def _unique(self, name: str) -> bool:
        key = name.casefold()
        ident = slug(name)
        if key in self.taken_names or ident in self.taken_ids or not ident:
            return False
        return True

    def _claim(self, name: str, aliases: list[str]) -> list[str]:
        self.taken_names.add(name.casefold())
        self.taken_ids.add(slug(name))
        kept = []
        for alias in aliases:
            if alias.casefold() not in self.taken_names:
                self.taken_names.add(alias.casefold())
                kept.append(alias)
        return kept

    def _countries(self, n: int) -> list[str]:
        out, seen = [], set()
        combos = [a + b + c for a in SYL_A for b in SYL_B for c in SYL_C]
        self.rng.shuffle(combos)
        for name in combos:
            if name not in seen:
                seen.add(name)
                out.append(name)
            if len(out) >= n:
                break
        return out

    def _cities(self, n: int) -> list[str]:
        combos = [a + b for a in CITY_A for b in CITY_B]
        self.rng.shuffle(combos)
        extra = [f"{c} {s}" for c in combos for s in ("North", "Harbour", "Old Town")]
        return (combos + extra)[:n]

    def _make(self, kind: str, states) -> ActorSpec | None:
        rng = self.rng
        home = rng.choice(self.countries)
        aliases: list[str] = []
        description = None
        if kind == "state":
            name = next(states, None)
            if name is None:
                kind = "organisation"
            else:
                capital = rng.choice(self.cities)
                aliases = [capital]
                title = rng.choice(["a regional power", "a neighbouring state", "a small coastal state",
                                    "a major oil producer", "a landlocked state"])
                description = f"A state whose government sits in {capital}." if rng.random() < 0.5 else None
                home = name
        if kind == "person":
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            if not self._unique(name):
                name = f"{rng.choice(FIRST)} {rng.choice('ABCDEFGHJKLMNPRSTW')}. {rng.choice(LAST)}"
            aliases = [name.split()[-1]] if rng.random() < 0.7 else []
            job = rng.choice(TITLES_PERSON)
            article = "an" if job[0] in "aeiou" else "a"
            title = f"{home}'s {job}" if rng.random() < 0.6 else f"{article} {job} from {home}"
            description = f"{article.capitalize()} {job} from {home}." if rng.random() < 0.4 else None
        elif kind == "organisation":
            pick = rng.random()
            if pick < 0.3:
                name = f"{home} Ministry of {rng.choice(DEPARTMENTS)}"
                title = f"{home}'s ministry"
            elif pick < 0.55:
                name = f"{home} {rng.choice(BODIES)}"
                title = f"a state body in {home}"
            elif pick < 0.8:
                name = f"{rng.choice(COMPANY_A)} {rng.choice(COMPANY_B)}"
                title = f"a company based in {home}"
            else:
                name = f"{rng.choice(LAST)} Institute for {rng.choice(FIELDS)}"
                title = "a research institute"
            initials = "".join(w[0] for w in name.split() if w[0].isupper())
            if len(initials) >= 3 and rng.random() < 0.6:
                aliases = [initials]
            description = f"An organisation based in {home}." if rng.random() < 0.5 else None
        elif kind == "group":
            name = f"{rng.choice(GROUP_ADJ)} {rng.choice(GROUP_NOUN)} of {home}" if rng.random() < 0.5 \
                else f"{rng.choice(GROUP_ADJ)} {rng.choice(GROUP_ADJ)} {rng.choice(GROUP_NOUN)}"
            title = f"a group active in {home}"
            description = f"A group active in {home}." if rng.random() < 0.3 else None
        if not self._unique(name):
            return None
        aliases = self._claim(name, aliases)
        return ActorSpec(slug(name), name, kind, aliases, description, title, home)

    def sample(self, k: int) -> list[ActorSpec]:
        """k distinct actors, drawn by popularity."""
        total = self.cum[-1]
        chosen: list[int] = []
        while len(chosen) < k:
            i = bisect.bisect_left(self.cum, self.rng.random() * total)
            if i not in chosen:
                chosen.append(i)
        return [self.actors[i] for i in chosen]


# -- one brief ------------------------------------------------------------------------------------

class BriefMaker:
    def __init__(self, rng: Random, pool: Pool, brief_id: str, topic: str, country: str,
                 story_day: dt.date, actors: list[ActorSpec]):
        self.rng = rng
        self.pool = pool
        self.id = brief_id
        self.topic = topic
        self.topic_label, self.topic_phrase, self.topic_noun = TOPICS[topic]
        self.country = country
        self.day = story_day
        self.actors = actors
        self.places = [rng.choice(pool.cities) for _ in range(4)]
        self.sources: list[Source] = []
        self.verbosity = rng.choice([0.5, 1.0, 1.0, 1.0, 1.5, 2.0, 3.0])  # lengths vary by brief

    def some(self, n: int) -> int:
        """About n, scaled by the brief's verbosity."""
        return max(0, round(self.rng.randint(0, n) * self.verbosity))

    # words ------------------------------------------------------------------------------------

    def fill(self, template: str, a: ActorSpec | None = None, b: ActorSpec | None = None) -> str:
        rng = self.rng
        return (template.replace("{P}", rng.choice(self.places))
                .replace("{T}", self.topic_noun)
                .replace("{A}", (a or rng.choice(self.actors)).name)
                .replace("{B}", (b or rng.choice(self.actors)).name))

    def filler(self) -> str:
        rng = self.rng
        if rng.random() < 0.25:
            return rng.choice(FILLER_EXTRA)
        return self.fill(f"{rng.choice(FILLER_SUBJ)} {rng.choice(FILLER_VERB)} {rng.choice(FILLER_COMP)}.")

    def cite(self, source: Source, sentence: str, cut: bool = True) -> dict:
        """Write the sentence into the source's text and cite it with a verbatim excerpt of it."""
        source.sentences.append(sentence)
        excerpt = sentence.rstrip(".")
        words = excerpt.split(" ")
        if cut and len(words) > 9 and self.rng.random() < 0.5:  # a shorter excerpt: its first words
            excerpt = " ".join(words[:self.rng.randint(6, len(words) - 1)]).rstrip(",")
        return {"source": source.id, "excerpt": excerpt}

    # dates ------------------------------------------------------------------------------------

    def event_date(self):
        """A date before the story day, at a random precision; None for undated background."""
        rng = self.rng
        d = self.day - dt.timedelta(days=int(rng.expovariate(1 / 40)))
        r = rng.random()
        if r < 0.10:
            return None
        if r < 0.17:
            return {"value": str(d.year - rng.randint(0, 3)), "as_written": "years ago"} \
                if rng.random() < 0.5 else str(d.year - rng.randint(0, 3))
        if r < 0.32:
            value = d.strftime("%Y-%m")
            return value if rng.random() < 0.5 else {
                "value": value, "as_written": "last month",
                "note": f"The article says \"last month\"; it gives no day."}
        if r < 0.60:
            value = fmt_day(d)
            if rng.random() < 0.5:
                return value
            out = {"value": value, "tz": rng.choice(TIME_ZONES)}
            if rng.random() < 0.4:
                out["as_written"] = f"on {d.strftime('%A')}"
            return out
        if r < 0.78:
            # a minute needs a zone; 08:00-20:59 never falls in a DST gap or overlap
            out = {"value": f"{fmt_day(d)}T{rng.randint(8, 20):02d}:{rng.choice([0, 5, 15, 30, 45, 50]):02d}",
                   "tz": rng.choice(TIME_ZONES)}
            if rng.random() < 0.3:
                out["as_written"] = "shortly after dawn" if rng.random() < 0.5 else "late on " + d.strftime("%A")
            return out
        if r < 0.90:
            start = d - dt.timedelta(days=rng.randint(1, 6))
            out = {"value": f"{fmt_day(start)}/{fmt_day(d)}"}
            if rng.random() < 0.5:
                out["approximate"] = True
                out["note"] = "The article gives no exact date; the range is worked out from its context."
            return out if len(out) > 1 else out["value"]
        value = fmt_day(d) if rng.random() < 0.5 else d.strftime("%Y-%m")
        return {"value": value, "approximate": True,
                "note": "The article dates this only roughly."}

    def quote_date(self):
        rng = self.rng
        d = self.day - dt.timedelta(days=rng.randint(0, 20))
        r = rng.random()
        if r < 0.4:
            return {"value": fmt_day(d), "as_written": f"on {d.strftime('%A')}"}
        if r < 0.7:
            return {"value": f"{fmt_day(d - dt.timedelta(days=rng.randint(1, 5)))}/{fmt_day(d)}",
                    "approximate": True,
                    "note": "The article does not say when the words were said; placed from the context."}
        if r < 0.85:
            return {"value": f"{fmt_day(d)}T{rng.randint(8, 20):02d}:{rng.randint(0, 59):02d}",
                    "tz": rng.choice(TIME_ZONES)}
        return fmt_day(d)

    # the brief --------------------------------------------------------------------------------

    def make(self) -> dict:
        rng = self.rng
        # sources: three with stored texts, sometimes a fourth known only through the first
        pubs = rng.sample(PUBLISHERS, 3)
        kinds = ["article", rng.choice(["report", "statement", "interview", "document"]),
                 rng.choice(["article", "broadcast", "report"])]
        for i, (pub, kind) in enumerate(zip(pubs, kinds)):
            sid = f"{slug(pub).removeprefix('the-')}-{kind}"
            published = self.day + dt.timedelta(days=2 + i + rng.randint(0, 2))
            if rng.random() < 0.3:
                published = {"value": f"{fmt_day(published)}T{rng.randint(8, 20):02d}:00",
                             "tz": rng.choice(TIME_ZONES)}
            elif rng.random() < 0.3:
                published = {"value": f"{fmt_day(published)}/{fmt_day(published + dt.timedelta(days=1))}",
                             "tz": rng.choice(TIME_ZONES), "approximate": True,
                             "note": "No date is printed on the page; worked out from its own clues."}
            else:
                published = fmt_day(published)
            self.sources.append(Source(
                sid, self.fill(rng.choice([
                    "{A} and {B}: what is at stake in {P}", "Inside the {T} crisis in {P}",
                    "How the {T} fight reached {P}", "{A} under pressure as {T} talks stall",
                    "Statement on the situation in {P}", "Report on the {T}"])),
                pub, kind, published,
                f"https://{slug(pub).removeprefix('the-')}.example/{self.day.year}/{self.id}-{i + 1}",
                author=rng.choice(AUTHORS) if rng.random() < 0.6 else None,
                republished_by=rng.choice(PUBLISHERS) if i == 0 and rng.random() < 0.2 else None))
        main = self.sources[0]
        extra = None
        if rng.random() < 0.35:
            extra = Source("archive-interview", f"Interview on {self.fill('{P}')} radio", rng.choice(PUBLISHERS),
                           "interview", fmt_day(self.day + dt.timedelta(days=1)), None,
                           cited_in=main.id, has_text=False)
            self.sources.append(extra)
        texted = [s for s in self.sources if s.has_text]

        def any_source() -> Source:
            return main if rng.random() < 0.6 else rng.choice(texted)

        ids = {a.id for a in self.actors}
        # actors: an introduction sentence each, cited as the role's source
        roles = []
        for a in self.actors:
            src = any_source()
            intro = f"{a.name}, {a.title}, has been {rng.choice(['at the centre of', 'closely involved in', 'a vocal critic of', 'a key player in', 'drawn into'])} {self.topic_phrase}."
            cites = [self.cite(src, intro)]
            if rng.random() < 0.35:
                cites.append(self.cite(rng.choice(texted), self.fill(
                    f"{{A}} {rng.choice(['declined to comment on', 'has said little about', 'spoke publicly about', 'was briefed on'])} the latest developments in {{P}}.", a)))
            roles.append((a, cites))

        # relations between the brief's actors
        relations = []
        pairs = set()
        for _ in range(rng.randint(6, 14)):
            a, b = rng.sample(self.actors, 2)
            if (a.id, b.id) in pairs:
                continue
            pairs.add((a.id, b.id))
            rtype, phrase, detail = self.relation(a, b)
            if _contradicts(self.pool.stated, a.id, rtype, b.id):
                continue  # a consistent corpus: the checker reports contradictory-relation
            self.pool.stated.add((a.id, rtype, b.id))
            src = any_source()
            if ", " in phrase:  # an apposition: give the sentence a verb
                sentence = f"{phrase}, {rng.choice(APPOSITION_ENDS)}."
            else:
                sentence = f"{phrase}{rng.choice(TAILS)}."
            cite = self.cite(src, sentence, cut=False)
            cite["excerpt"] = phrase
            relations.append({"from": a.id, "type": rtype, "to": b.id, "detail": detail, "sources": [cite]})

        # quotes
        quotes = []
        qids = set()
        speakers = [a for a in self.actors if a.kind == "person"] or self.actors
        for i in range(rng.randint(5, 9)):
            speaker = rng.choice(speakers)
            other = rng.choice(self.actors)
            if rng.random() < 0.12:
                text = rng.choice(SHORT_QUOTES)
            else:
                text = self.fill(f"{rng.choice(QUOTE_OPEN)} {rng.choice(QUOTE_VERB)} {rng.choice(QUOTE_OBJ)}", b=other)
                if rng.random() < 0.4:
                    text += ". " + rng.choice(QUOTE_MORE).rstrip(".")
                if rng.random() < 0.5:
                    text += "."
            src = any_source()
            if text.endswith("."):
                src.sentences.append(rng.choice([
                    f"{speaker.name} said: \u201c{text}\u201d",
                    f"\u201c{text}\u201d That was how {speaker.name} put it."]))
            else:
                src.sentences.append(rng.choice([
                    f"\u201c{text},\u201d said {speaker.name}.",
                    f"{speaker.name} called it \u201c{text}\u201d.",
                    f"\u201c{text}\u201d, {speaker.name} told reporters."]))
            base = slug(f"{speaker.name.split()[-1]} {' '.join(text.split()[:3])}")[:40].strip("-") or "quote"
            qid = base
            n = 2
            while qid in qids:
                qid = f"{base}-{n}"
                n += 1
            qids.add(qid)
            quote = {"id": qid, "speaker": speaker.id, "text": text, "source": src.id,
                     "said": self.quote_date(),
                     "occasion": self.fill(rng.choice(OCCASIONS)) if rng.random() < 0.6 else None,
                     "context": self.fill(rng.choice([
                         "On the {T} and what {B} should do next.", "Responding to criticism from {B}.",
                         "On the situation in {P} after the latest clashes.",
                         "Asked whether the {T} talks could still succeed.",
                         "On the decision announced earlier that day."]), b=other)}
            if extra is not None and src is main and rng.random() < 0.5:
                quote["said_in"] = extra.id
            quotes.append(quote)

        # events: every actor takes part in at least one
        n_events = rng.randint(8, 12)
        participants: list[list[ActorSpec]] = [[] for _ in range(n_events)]
        order = list(self.actors)
        rng.shuffle(order)
        for i, a in enumerate(order):
            participants[i % n_events].append(a)
        for group in participants:
            while len(group) < 1 or (len(group) < 3 and rng.random() < 0.4):
                a = rng.choice(self.actors)
                if a not in group:
                    group.append(a)
        events = []
        eids = set()
        for group in participants:
            a = group[0]
            b = group[1] if len(group) > 1 else rng.choice([x for x in self.actors if x is not a])
            present, past, objects = rng.choice(EVENT_VERBS)
            obj = self.fill(rng.choice(objects), a, b)
            title = f"{a.name} {present} {obj}"
            sentence = f"{a.name} {past} {obj}{rng.choice(TAILS)}."
            src = any_source()
            cites = [self.cite(src, sentence)]
            if rng.random() < 0.4:
                other_src = rng.choice(texted)
                cites.append(self.cite(other_src, self.fill(
                    f"The decision by {a.name} to {rng.choice(['act', 'move', 'speak out', 'press ahead'])} drew a sharp response from {{B}}.", a,
                    rng.choice(group[1:]) if len(group) > 1 else b)))
            if extra is not None and rng.random() < 0.3:
                cites.append(extra.id)
            elif rng.random() < 0.15:
                cites.append(rng.choice(texted).id)
            summary = [sentence.replace(a.name, f"**{a.name}**", 1)]
            for _ in range(self.some(4)):
                summary.append(self.filler())
            base = slug(f"{a.name.split()[-1]} {present} {' '.join(obj.split()[:3])}")[:48].strip("-")
            eid = base
            n = 2
            while eid in eids:
                eid = f"{base}-{n}"
                n += 1
            eids.add(eid)
            event = {"id": eid, "title": title, "date": self.event_date(),
                     "place": rng.choice(self.places) if rng.random() < 0.7 else None,
                     "summary": " ".join(summary),
                     "actors": [{"actor": x.id, "part": rng.choice(PARTS) if rng.random() < 0.85 else None}
                                for x in group],
                     "quotes": [], "sources": cites}
            events.append(event)

        # quotes used by events, or as key quotes
        key_quotes = [x["id"] for x in rng.sample(quotes, min(len(quotes), rng.randint(2, 5)))]
        for quote in quotes:
            if quote["id"] not in key_quotes or rng.random() < 0.5:
                rng.choice(events)["quotes"].append(quote["id"])
        # every texted source cited: sources nobody cites yet get a citation from an event
        cited = {c["source"] if isinstance(c, dict) else c for e in events for c in e["sources"]}
        cited |= {c["source"] for r in relations for c in r["sources"]}
        cited |= {c["source"] for _, cs in roles for c in cs}
        cited |= {x["source"] for x in quotes} | {x.get("said_in") for x in quotes}
        for s in self.sources:
            if s.id not in cited and s is not main:
                rng.choice(events)["sources"].append(s.id if not s.has_text else self.cite(s, self.filler()))

        key_actors = [a.id for a in self.actors[:rng.randint(5, min(9, len(self.actors)))]]
        assert set(key_actors) <= ids
        return {"roles": roles, "relations": relations, "quotes": quotes, "events": events,
                "key_actors": key_actors, "key_quotes": key_quotes}

    def relation(self, a: ActorSpec, b: ActorSpec) -> tuple[str, str, str | None]:
        rng = self.rng
        options = []
        if a.kind == "person" and b.kind in ("organisation", "group"):
            options += [("leads", f"{a.name}, who leads {b.name}", None),
                        ("member-of", f"{a.name}, a member of {b.name}", "member"),
                        ("works-for", f"{a.name}, who works for {b.name}", "adviser")]
        if a.kind == "person" and b.kind == "state":
            options += [("holds-office-in", f"{a.name}, a senior official of {b.name}", "senior official")]
        if a.kind in ("organisation", "group") and b.kind in ("state", "organisation"):
            options += [("part-of", f"{a.name}, which is formally part of {b.name}", None),
                        ("agent-of", f"{a.name}, which acts on behalf of {b.name}", "proxy")]
        if a.kind in ("state", "organisation"):
            options += [("backs", f"{a.name} has long backed {b.name}", "financial and political support")]
        options += [("opposes", f"{a.name} opposes {b.name}", None),
                    ("allied-with", f"{a.name} is allied with {b.name}", None),
                    ("blames", f"{a.name} blamed {b.name} for the {self.topic_noun} crisis",
                     f"for the {self.topic_noun} crisis")]
        rtype, phrase, detail = rng.choice(options)
        return rtype, phrase, detail if rng.random() < 0.6 else None


def _contradicts(stated: set, a: str, rtype: str, b: str) -> bool:
    """What builder/shared.py's contradictions() refuses: a one-way relation both ways, or two
    actors both allied and opposed."""
    from builder.shared import CLASHING, ONE_WAY

    if rtype in ONE_WAY and (b, rtype, a) in stated:
        return True
    other = CLASHING.get(rtype)
    return other is not None and ((a, other, b) in stated or (b, other, a) in stated)


# -- writing --------------------------------------------------------------------------------------

def date_lines(key: str, value, indent: int) -> list[str]:
    pad = " " * indent
    if value is None:
        return []
    if isinstance(value, str):
        return [f"{pad}{key}: {q(value)}"]
    lines = [f"{pad}{key}:"]
    for k in ("value", "tz", "approximate", "as_written", "note"):
        if k not in value:
            continue
        v = value[k]
        if isinstance(v, bool):
            lines.append(f"{pad}  {k}: {'true' if v else 'false'}")
        else:
            lines += scalar(k, v, indent + 2)
    return lines


def citation_lines(cites: list, indent: int) -> list[str]:
    pad = " " * indent
    lines = [f"{pad}sources:"]
    for c in cites:
        if isinstance(c, str):
            lines.append(f"{pad}  - {c}")
        else:
            lines.append(f"{pad}  - source: {c['source']}")
            lines.append(f"{pad}    excerpt: {q(c['excerpt'])}")
    return lines


def header(name: str, comment: str) -> list[str]:
    return [f"# yaml-language-server: $schema=../../builder/schema/{name}.schema.json", "#",
            *(f"# {line}" for line in textwrap.wrap(comment, 96)), ""]


def write_brief(folder: Path, maker: BriefMaker, facts: dict, defined_here: set[str],
                brief_meta: dict) -> None:
    rng = maker.rng
    (folder / "sources").mkdir(parents=True, exist_ok=True)

    # brief.yaml
    lines = header("brief", f"A synthetic brief for the benchmark ({maker.topic_label}).")
    lines.append(f"title: {q(brief_meta['title'])}")
    lines += folded("standfirst", brief_meta["standfirst"], 0)
    lines.append(f"published: {q(brief_meta['published'])}")
    if brief_meta.get("updated"):
        lines.append(f"updated: {q(brief_meta['updated'])}")
    lines.append(f"main_source: {maker.sources[0].id}")
    lines.append("topics:")
    lines += [f"  - {q(t)}" for t in brief_meta["topics"]]
    lines.append("")
    lines += folded("summary", brief_meta["summary"], 0, "|")
    lines.append("")
    lines += folded("why_it_matters", brief_meta["why"], 0, "|")
    lines.append("")
    lines.append("key_actors:")
    lines += [f"  - {a}" for a in facts["key_actors"]]
    lines.append("")
    lines.append("key_quotes:")
    lines += [f"  - {x}" for x in facts["key_quotes"]]
    lines.append("")
    if brief_meta["updates"]:
        lines.append("updates:")
        for u in brief_meta["updates"]:
            lines.append(f"  - date: {q(u['date'])}")
            lines.append(f"    kind: {u['kind']}")
            lines += folded("text", u["text"], 4)
    else:
        lines.append("updates: []")
    (folder / "brief.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    # actors.yaml
    lines = header("actors", "The actors of the story: defined here when this is the first brief "
                   "to use them, reused with 'ref' otherwise; then the relations between them.")
    lines.append("actors:")
    for a, cites in facts["roles"]:
        role = f"{a.title[0].upper() + a.title[1:]}; {rng.choice(['central to', 'involved in', 'caught up in', 'pushing to end', 'trying to shape'])} {maker.topic_phrase} in {rng.choice(maker.places)}."
        if a.id in defined_here:
            lines.append(f"  - id: {a.id}")
            lines.append(f"    name: {q(a.name)}")
            lines.append(f"    kind: {a.kind}")
            if a.aliases:
                lines.append("    aliases:")
                lines += [f"      - {q(x)}" for x in a.aliases]
            if a.description:
                lines.append(f"    description: {q(a.description)}")
        else:
            lines.append(f"  - ref: {a.id}")
        lines += folded("role", role, 4)
        lines += citation_lines(cites, 4)
        lines.append("")
    lines.append("relations:")
    for r in facts["relations"]:
        lines.append(f"  - from: {r['from']}")
        lines.append(f"    type: {r['type']}")
        lines.append(f"    to: {r['to']}")
        if r["detail"]:
            lines.append(f"    detail: {q(r['detail'])}")
        lines += citation_lines(r["sources"], 4)
        lines.append("")
    (folder / "actors.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    # events.yaml
    lines = header("events", "What happened, each date only as precise as the sources support.")
    lines.append("events:")
    for e in facts["events"]:
        lines.append(f"  - id: {e['id']}")
        lines.append(f"    title: {q(e['title'])}")
        lines += date_lines("date", e["date"], 4)
        if e["place"]:
            lines.append(f"    place: {q(e['place'])}")
        lines += folded("summary", e["summary"], 4)
        lines.append("    actors:")
        for p in e["actors"]:
            lines.append(f"      - actor: {p['actor']}")
            if p["part"]:
                lines.append(f"        part: {q(p['part'])}")
        if e["quotes"]:
            lines.append("    quotes:")
            lines += [f"      - {x}" for x in e["quotes"]]
        lines += citation_lines(e["sources"], 4)
        lines.append("")
    (folder / "events.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    # quotes.yaml
    lines = header("quotes", "Every direct quotation, word for word as the source prints it.")
    lines.append("quotes:")
    for x in facts["quotes"]:
        lines.append(f"  - id: {x['id']}")
        lines.append(f"    speaker: {x['speaker']}")
        lines += scalar("text", x["text"], 4)
        lines.append(f"    source: {x['source']}")
        if x.get("said_in"):
            lines.append(f"    said_in: {x['said_in']}")
        lines += date_lines("said", x["said"], 4)
        if x["occasion"]:
            lines.append(f"    occasion: {q(x['occasion'])}")
        lines += scalar("context", x["context"], 4)
        lines.append("")
    (folder / "quotes.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    # sources.yaml and the stored texts
    lines = header("sources", "Where the facts come from; the stored texts are for checking only.")
    lines.append("sources:")
    for s in maker.sources:
        lines.append(f"  - id: {s.id}")
        lines.append(f"    title: {q(s.title)}")
        lines.append(f"    publisher: {q(s.publisher)}")
        if s.republished_by:
            lines.append(f"    republished_by: {q(s.republished_by)}")
        if s.author:
            lines.append(f"    author: {q(s.author)}")
        if s.url:
            lines.append(f"    url: {q(s.url)}")
        lines.append(f"    kind: {s.kind}")
        if s.has_text:
            lines.append(f"    text: sources/{s.id}.txt")
        if s.cited_in:
            lines.append(f"    cited_in: {s.cited_in}")
        lines += date_lines("published", s.published, 4)
        lines.append("")
        if s.has_text:
            (folder / "sources" / f"{s.id}.txt").write_text(source_text(maker, s), encoding="utf-8")
    (folder / "sources.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def source_text(maker: BriefMaker, s: Source) -> str:
    """The stored text: a headline, then paragraphs mixing the fact sentences with filler."""
    rng = maker.rng
    sentences = list(s.sentences)
    filler = [maker.filler() for _ in range(round(rng.randint(len(sentences) // 2 + 6, len(sentences) * 2 + 16)
                                              * maker.verbosity))]
    merged = []
    for sentence in sentences:
        merged.append(sentence)
        for _ in range(rng.randint(0, 2)):
            if filler:
                merged.append(filler.pop())
    merged += filler
    paragraphs = []
    i = 0
    while i < len(merged):
        n = rng.randint(1, 4)
        paragraphs.append(" ".join(merged[i:i + n]))
        i += n
    head = [s.publisher, s.title] + ([f"By {s.author}"] if s.author else [])
    return typographic("\n\n".join(head + paragraphs)) + "\n"


def brief_texts(maker: BriefMaker, facts: dict) -> dict:
    rng = maker.rng
    a, b = maker.actors[0], maker.actors[1]
    title = maker.fill(rng.choice([
        "{A} and the {T}: what comes next", "Why the {T} matters for {P}",
        "{A} vs {B}: the {T} explained", "The {T} in {P}, step by step",
        "Who is behind the {T}?", "{A}'s gamble over the {T}"]), a, b)
    standfirst = maker.fill(rng.choice([
        "{A} and {B} are locked in a dispute over the {T} that has spilled onto the streets of {P}.",
        "A fragile deal on the {T} is under strain as {A} weighs its next move and {B} presses for more.",
        "Weeks after {A} first raised the alarm, the {T} has become the defining issue in {P}."]), a, b)
    # every paragraph and list item cites, as an editor must (uncited-paragraph): the event it
    # tells, or the brief's main source
    source = f"[^{maker.sources[0].id}]"
    paragraphs = []
    for e in facts["events"][: rng.randint(3, len(facts["events"]))]:
        para = [e["summary"].split(". ")[0].rstrip(".") + "."]
        para += [maker.filler() for _ in range(maker.some(2))]
        paragraphs.append(" ".join(para) + f"[^event:{e['id']}]")
    if rng.random() < 0.6:
        items = [f"- **{x.name}**: {maker.filler()}{source}" for x in maker.actors[:rng.randint(2, 4)]]
        paragraphs.insert(rng.randint(1, len(paragraphs)), "\n".join(items))
    if rng.random() < 0.3:
        paragraphs.append(f"See [the original report]({maker.sources[0].url}) for the full account.{source}")
    why = [" ".join(maker.fill(w, a, b) for w in rng.sample(WHY, rng.randint(1, 3))) + source
           for _ in range(rng.randint(1, 3))]
    published = maker.day + dt.timedelta(days=rng.randint(8, 40))
    updates = []
    if rng.random() < 0.35:
        when = published
        for i in range(rng.randint(1, 3)):
            when = when + dt.timedelta(days=rng.randint(1, 20))
            kind = "correction" if rng.random() < 0.3 else "update"
            updates.append({"date": fmt_day(when), "kind": kind, "text": maker.fill(rng.choice([
                "Added the response of {A}.", "Corrected the spelling of {A}'s name.",
                "Added the vote in {P} and its result.", "Corrected the date of the meeting in {P}.",
                "Added new figures from the {T} inquiry."]))})
    updated = updates[-1]["date"] if updates and rng.random() < 0.5 else None
    topics = [maker.topic_label, maker.country] + ([maker.topic_noun.capitalize()] if rng.random() < 0.5 else [])
    return {"title": title, "standfirst": standfirst, "summary": "\n\n".join(paragraphs),
            "why": "\n\n".join(why), "published": fmt_day(published), "updated": updated,
            "updates": updates, "topics": topics}


# -- the corpus -----------------------------------------------------------------------------------

def generate(out: Path, briefs: int, seed: int = 1, pool_size: int | None = None,
             repo: Path = REPO) -> dict:
    """Write the project folder; return a few statistics about the corpus."""
    rng = Random(seed)
    pool = Pool(rng, pool_size or max(40, int(briefs * 1.3) + 30))
    if out.exists():
        shutil.rmtree(out)
    (out / "briefs").mkdir(parents=True)
    shutil.copy2(repo / "mkdocs.yml", out / "mkdocs.yml")
    shutil.copytree(repo / "templates", out / "templates")
    shutil.copytree(repo / "content", out / "content")

    # plan every brief first: its id and actors; then define each actor in the first brief
    # (in the checker's order: by file path) that uses it
    plans = []
    ids: set[str] = set()
    for _ in range(briefs):
        topic = rng.choice(sorted(TOPICS))
        country = rng.choice(pool.countries)
        day = dt.date(2012, 1, 1) + dt.timedelta(days=rng.randint(0, 13 * 365))
        base = f"{slug(country)}-{topic}-{day.year}"
        brief_id = base
        n = 2
        while brief_id in ids:
            brief_id = f"{base}-{n}"
            n += 1
        ids.add(brief_id)
        actors = pool.sample(rng.randint(10, 15))
        plans.append((brief_id, topic, country, day, actors, rng.randrange(2**32)))
    order = sorted(plans, key=lambda p: f"briefs/{p[0]}/actors.yaml")
    defined: dict[str, str] = {}
    for p in order:
        for a in p[4]:
            defined.setdefault(a.id, p[0])

    uses: dict[str, int] = {}
    for brief_id, topic, country, day, actors, brief_seed in plans:
        brng = Random(brief_seed)
        maker = BriefMaker(brng, pool, brief_id, topic, country, day, actors)
        facts = maker.make()
        meta = brief_texts(maker, facts)
        here = {a.id for a in actors if defined[a.id] == brief_id}
        write_brief(out / "briefs" / brief_id, maker, facts, here, meta)
        for a in actors:
            uses[a.id] = uses.get(a.id, 0) + 1
    counts = sorted(uses.values(), reverse=True)
    return {"briefs": briefs, "seed": seed, "pool": len(pool.actors), "actors_used": len(uses),
            "max_briefs_per_actor": counts[0], "median_briefs_per_actor": counts[len(counts) // 2],
            "bytes": sum(f.stat().st_size for f in (out / "briefs").rglob("*") if f.is_file())}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--briefs", "-n", type=int, default=100, help="number of briefs (default 100)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, required=True, help="the project folder to write (replaced)")
    ap.add_argument("--check", action="store_true", help="run 'briefs check --strict' on it afterwards")
    args = ap.parse_args(argv)
    stats = generate(args.out, args.briefs, args.seed)
    print(json.dumps(stats))
    if args.check:
        import subprocess
        briefs = Path(sys.executable).with_name("briefs")
        return subprocess.call([str(briefs), "check", "--strict", str(args.out)], cwd=args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
