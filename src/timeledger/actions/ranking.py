"""Which actions fit an intent such as "log my hours": token overlap over each action's id, title
and description, after mapping the intent's words onto the catalog's own (log, track, hours ->
create time entry; job -> project; ...). Standard library only."""

from __future__ import annotations

import math
import re
from functools import lru_cache

from timeledger.actions.catalog import Action, actions

STOPWORDS = frozenset(
    "a an the my our your me i we you of for to in on at by with and or please can could would should "
    "some any this that these those it its is are be do does want need how what which".split()
)

# intent word -> the catalog words it stands for
SYNONYMS: dict[str, tuple[str, ...]] = {
    # recording time
    "log": ("create", "time", "entry"),
    "track": ("create", "time", "entry"),
    "record": ("create", "time", "entry"),
    "book": ("create", "time", "entry"),
    "enter": ("create", "time", "entry"),
    "hour": ("time", "entry"),
    "minute": ("time", "entry"),
    "worked": ("time", "entry"),
    "work": ("time", "entry"),
    "timesheet": ("time", "entry"),
    "entry": ("time", "entry"),
    "time": ("time", "entry"),
    # verbs
    "add": ("create", "add"),
    "new": ("create",),
    "make": ("create",),
    "create": ("create",),
    "show": ("list", "get"),
    "see": ("list", "get"),
    "view": ("list", "get"),
    "find": ("list", "filter", "get"),
    "search": ("list", "filter"),
    "all": ("list",),
    "every": ("list",),
    "fetch": ("get", "list"),
    "read": ("get",),
    "detail": ("get",),
    "info": ("get",),
    "edit": ("update",),
    "change": ("update",),
    "modify": ("update",),
    "rename": ("update",),
    "fix": ("update",),
    "correct": ("update",),
    "set": ("update", "set"),
    "remove": ("delete", "remove"),
    "erase": ("delete",),
    "drop": ("delete",),
    "cancel": ("delete", "stop"),
    "copy": ("duplicate",),
    "clone": ("duplicate",),
    "repeat": ("duplicate",),
    "invite": ("add", "user"),
    # timers
    "stop": ("stop", "timer"),
    "halt": ("stop", "timer"),
    "finish": ("stop", "timer"),
    "pause": ("stop", "timer"),
    "start": ("start", "timer"),
    "begin": ("start", "timer"),
    "resume": ("start", "timer"),
    "timer": ("timer", "running"),
    "stopwatch": ("timer", "running"),
    "clock": ("timer",),
    "running": ("running", "timer"),
    "progress": ("running",),
    "active": ("running",),
    # things
    "job": ("job", "project"),
    "project": ("project",),
    "customer": ("client",),
    "label": ("tag",),
    "people": ("user",),
    "person": ("user",),
    "member": ("user", "member"),
    "employee": ("user",),
    "staff": ("user",),
    "colleague": ("user",),
    "team": ("group", "user"),
    "account": ("workspace", "user"),
    "organization": ("workspace",),
    "company": ("workspace",),
    "whoami": ("current", "user"),
    "who": ("current", "user"),
    "myself": ("current", "user"),
    "profile": ("current", "user", "profile"),
    # reports
    "report": ("report",),
    "summary": ("summary", "report"),
    "total": ("summary", "report"),
    "totals": ("summary", "report"),
    "breakdown": ("summary", "report"),
    "detailed": ("time", "report"),
    "week": ("weekly", "report"),
    "weekly": ("weekly", "report"),
    "payroll": ("payroll", "report"),
    "overtime": ("payroll", "report"),
    "salary": ("payroll", "report"),
    "pay": ("payroll", "report"),
    "billing": ("billing", "report"),
    "invoice": ("invoiced", "billing"),
    "invoiced": ("invoiced",),
    "bill": ("billing", "invoiced"),
    "rate": ("rate",),
    "price": ("rate",),
    "cost": ("cost", "rate"),
    "bulk": ("entries",),
    "several": ("entries",),
    "many": ("entries",),
}

VERBS = frozenset({"list", "get", "create", "update", "delete", "stop", "start", "add", "remove", "set", "filter",
                   "duplicate", "mark", "grant", "revoke", "replace"})
WORD = re.compile(r"[a-z0-9]+")


def stem(word: str) -> str:
    """Singular, lower case: entries -> entry, projects -> project, hours -> hour."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    return [stem(w) for w in WORD.findall(text.lower())]


def concepts(intent: str) -> set[str]:
    """The catalog words an intent stands for."""
    found: set[str] = set()
    for word in words(intent):
        if word in STOPWORDS:
            continue
        found.add(word)
        found.update(SYNONYMS.get(word, ()))
    return found


@lru_cache(maxsize=512)
def _index(action_id: str, title: str, description: str) -> tuple[tuple[str, ...], frozenset[str], frozenset[str]]:
    """The words of the action's id (in order), of its id and title, and of its description."""
    id_words = tuple(words(action_id))
    return id_words, frozenset(id_words) | frozenset(words(title)), frozenset(words(description))


def _words_of(action: Action) -> tuple[tuple[str, ...], frozenset[str], frozenset[str]]:
    return _index(action.id, action.title, action.description)


def _weights(catalog: tuple[Action, ...]) -> dict[str, float]:
    """Rarer words say more: "timer" or "payroll" outweigh "time" or "workspace"."""
    counts: dict[str, int] = {}
    for action in catalog:
        for word in _words_of(action)[1]:
            counts[word] = counts.get(word, 0) + 1
    total = len(catalog)
    return {word: 1 + math.log(total / (1 + count)) for word, count in counts.items()}


def score(action: Action, wanted: set[str], weights: dict[str, float] | None = None,
          exact: frozenset[str] = frozenset()) -> float:
    """Per intent concept: 3 (times its rarity) when the id or title has it, 1 when only the
    description does; 2 more when the id's verb is wanted; a little less for each id word the
    intent did not ask for, so the most specific action wins."""
    id_words, name_words, text_words = _words_of(action)
    weights = weights or {}
    total = 0.0
    for concept in wanted:
        weight = weights.get(concept, 1.0)
        if concept in name_words:
            total += 3 * weight
        elif concept in text_words:
            total += weight
    if not total:
        return 0.0
    if id_words[0] in VERBS and id_words[0] in wanted:
        total += 2
    total -= 0.25 * sum(1 for w in id_words if w not in wanted)
    total += 0.5 * len(exact.intersection(action.id.split("-")))  # "entry" over "entries", as asked
    if action.alias_of:
        total -= 0.1  # the API's own operation first when both fit as well
    return round(max(total, 0.01), 3)


def rank(intent: str, catalog: tuple[Action, ...] | None = None) -> list[tuple[float, Action]]:
    """Actions that fit the intent, best first, each with its score (higher is better)."""
    wanted = concepts(intent)
    if not wanted:
        return []
    catalog = catalog or actions()
    weights = _weights(catalog)
    exact = frozenset(WORD.findall(intent.lower()))
    scored = [(score(action, wanted, weights, exact), action) for action in catalog]
    hits = [(value, action) for value, action in scored if value > 0]
    hits.sort(key=lambda pair: (-pair[0], pair[1].id))
    return hits
