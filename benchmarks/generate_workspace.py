"""Write a realistic workspace straight into a database, for the report benchmarks.

    .venv/bin/python benchmarks/generate_workspace.py --url sqlite:////tmp/ws.db [--entries 1000000] \
        [--seed 1] [--csv-dir DIR] [--json]
    .venv/bin/python benchmarks/generate_workspace.py --url postgresql://postgres@127.0.0.1:55432/mydb

The database is migrated first (timeledger.db.migrate.upgrade) and must hold no user yet. What it
writes, all from one seeded random stream, so the same --entries and --seed give the same rows
(ids included) on every backend and in the CSV:

- one owner and 199 members (memberships ACTIVE), two of them workspace admins; 8 user groups
  holding about 70 % of the people; each person has a time zone out of a handful of IANA zones;
- 50 clients, 300 projects (about 87 % with a client, a fifth private with project members),
  2-6 tasks per project, 30 tags;
- rates in `rates`: workspace hourly and cost rates, a cost rate for every member, an hourly rate
  for a third of the members, for 40 % of the projects and for about 60 project members;
- about --entries finished time entries over 5 years ending on 2026-10-31: working days (plus a
  little weekend work), 1-6 entries a day per person at work, 5 min to 4 h each, about 70 %
  billable, a third tagged, rates snapshotted on each row by the precedence
  PROJECT_MEMBER > MEMBER > PROJECT > WORKSPACE (no task rates are set), `local_date` computed
  with zoneinfo in the person's zone, billable entries older than 90 days invoiced.

Bulk paths: PostgreSQL gets asyncpg COPY (copy_records_to_table) with foreign-key triggers off for
the load (session_replication_role = replica; the rows are consistent by construction), then
VACUUM ANALYZE; SQLite gets executemany in transactions of 50,000 rows with synchronous=OFF.
The small catalog tables go through SQLAlchemy Core. `--csv-dir` also writes the entries and the
catalog as CSV files (DuckDB reads them with read_csv, no extension needed); without --url only
the CSV files are written.

Prints the workspace id, an API key for the owner, the counts and the load time (`--json`: one
JSON object on the last line).
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import hashlib
import json
import random
import sqlite3
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

END_DATE = date(2026, 10, 31)  # the last day with entries
YEARS = 5
USERS = 200
CLIENTS = 50
PROJECTS = 300
TAGS = 30
GROUPS = 8
BATCH = 50_000
CURRENCY = "USD"
ZONES = (  # (zone, share of people)
    ("Europe/Berlin", 40),
    ("America/New_York", 20),
    ("Europe/London", 10),
    ("America/Los_Angeles", 10),
    ("Asia/Kolkata", 10),
    ("America/Argentina/Buenos_Aires", 5),
    ("Australia/Sydney", 5),
)
HOLIDAYS = {(1, 1), (12, 24), (12, 25), (12, 26), (12, 31)}  # (month, day) nobody works
FIRST = (
    "Ana",
    "Ben",
    "Chloe",
    "David",
    "Elena",
    "Farid",
    "Grace",
    "Hugo",
    "Ines",
    "Jonas",
    "Kira",
    "Liam",
    "Maya",
    "Noah",
    "Olga",
    "Pablo",
    "Quinn",
    "Rosa",
    "Sven",
    "Tara",
    "Umar",
    "Vera",
    "Wen",
    "Yusuf",
    "Zoe",
)
LAST = (
    "Adler",
    "Berg",
    "Costa",
    "Dubois",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Hansen",
    "Ito",
    "Jensen",
    "Kowalski",
    "Lopez",
    "Meyer",
    "Nowak",
    "Okafor",
    "Patel",
    "Rossi",
    "Schmidt",
    "Tanaka",
    "Varga",
    "Weber",
    "Young",
)
WORDS = (
    "Apollo",
    "Beacon",
    "Cobalt",
    "Delta",
    "Ember",
    "Falcon",
    "Granite",
    "Harbor",
    "Iris",
    "Juniper",
    "Kestrel",
    "Lumen",
    "Meridian",
    "Nimbus",
    "Orion",
    "Pioneer",
    "Quartz",
    "Raven",
    "Summit",
    "Tundra",
)
KINDS = (
    "Website",
    "Mobile app",
    "Data platform",
    "Migration",
    "Audit",
    "Redesign",
    "Support",
    "Integration",
    "Analytics",
    "Onboarding",
    "API",
    "Infrastructure",
)
TASKS = (
    "Discovery",
    "Design",
    "Implementation",
    "Testing",
    "Review",
    "Deployment",
    "Documentation",
    "Project management",
    "Maintenance",
    "Training",
)
TAG_NAMES = (
    "urgent",
    "meeting",
    "remote",
    "on-site",
    "overtime",
    "bugfix",
    "feature",
    "research",
    "review",
    "planning",
    "call",
    "travel",
    "internal",
    "training",
    "support",
    "deploy",
    "design",
    "qa",
    "docs",
    "ops",
    "sales",
    "hiring",
    "billing",
    "security",
    "performance",
    "refactor",
    "workshop",
    "demo",
    "estimate",
    "follow-up",
)
ACTIVITIES = (
    "Standup",
    "Code review",
    "Client call",
    "Sprint planning",
    "Bug fixing",
    "Write tests",
    "Implement feature",
    "Update documentation",
    "Deploy release",
    "Design review",
    "Research",
    "Pair programming",
    "Refactoring",
    "Write report",
    "Customer support",
    "Prepare estimate",
    "Team meeting",
    "Email",
    "Workshop",
    "Data analysis",
)
ENTRY_COLUMNS = (
    "workspace_id",
    "id",
    "user_id",
    "description",
    "project_id",
    "task_id",
    "billable",
    "type",
    "start_at",
    "end_at",
    "duration_s",
    "zone",
    "local_date",
    "invoiced",
    "hourly_rate",
    "cost_rate",
    "currency",
    "custom_fields",
    "created_at",
    "updated_at",
)
CSV_ENTRY_COLUMNS = (
    "id",
    "user_id",
    "description",
    "project_id",
    "task_id",
    "billable",
    "start_at",
    "end_at",
    "duration_s",
    "zone",
    "local_date",
    "invoiced",
    "hourly_rate",
    "cost_rate",
    "currency",
)


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def generator_version() -> str:
    """Changes whenever this file does, so cached databases are regenerated after an edit."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:10]


# --- the plan: everything but the entries ------------------------------------------------------


class Ids:
    """ObjectId-style ids as timeledger mints them (4 bytes of seconds, 5 fixed bytes, a 3-byte
    counter), but deterministic: the fixed part comes from the seed, the seconds from the moment
    the row would have been created."""

    def __init__(self, rng: random.Random) -> None:
        self.middle = f"{rng.getrandbits(40):010x}"
        self.counter = 0

    def at(self, moment: datetime) -> str:
        self.counter += 1
        if self.counter >= 1 << 24:
            raise OverflowError("more than 16.7 million ids")
        return f"{int(moment.timestamp()) & 0xFFFFFFFF:08x}{self.middle}{self.counter:06x}"


@dataclass
class Person:
    id: str
    name: str
    email: str
    zone: str
    tz: ZoneInfo
    role: str
    first_day: date
    last_day: date
    projects: list[int]  # indexes into Plan.projects, the person's usual work
    weights: list[float]
    hourly: int | None  # MEMBER rates
    cost: int
    start_minute: int  # usual start of the working day, minutes after local midnight


@dataclass
class Project:
    id: str
    name: str
    client: int | None
    billable: bool
    public: bool
    hourly: int | None
    tasks: list[str] = field(default_factory=list)
    task_names: list[str] = field(default_factory=list)
    members: set[int] = field(default_factory=set)


@dataclass
class Plan:
    seed: int
    workspace_id: str
    created: datetime
    people: list[Person]
    clients: list[tuple[str, str]]
    projects: list[Project]
    tags: list[str]
    groups: list[tuple[str, str, list[int]]]  # (id, name, member indexes)
    workspace_hourly: int
    workspace_cost: int
    project_member_hourly: dict[tuple[int, int], int]  # (person, project) -> rate
    rate_rows: list[dict[str, Any]]
    ids: Ids
    rng: random.Random


def make_plan(seed: int) -> Plan:
    rng = random.Random(seed)
    ids = Ids(rng)
    first_day = END_DATE.replace(year=END_DATE.year - YEARS) + timedelta(days=1)
    created = datetime(first_day.year, first_day.month, first_day.day, tzinfo=UTC) - timedelta(days=30)
    workspace_id = ids.at(created)

    clients = []
    for i in range(CLIENTS):
        clients.append(
            (
                ids.at(created + timedelta(hours=i)),
                f"{WORDS[i % len(WORDS)]} {('Ltd', 'GmbH', 'Inc', 'SA', 'BV')[i // len(WORDS) % 5]} {i + 1}",
            )
        )

    projects: list[Project] = []
    for i in range(PROJECTS):
        client = rng.randrange(CLIENTS) if rng.random() < 0.87 else None
        billable = rng.random() < (0.95 if client is not None else 0.2)  # internal projects rarely bill
        projects.append(
            Project(
                id=ids.at(created + timedelta(days=1, minutes=i)),
                name=f"{rng.choice(WORDS)} {rng.choice(KINDS)} {i + 1}",
                client=client,
                billable=billable,
                public=rng.random() >= 0.2,
                hourly=rng.randrange(80, 181) * 100 if billable and rng.random() < 0.4 else None,
            )
        )
    for i, project in enumerate(projects):
        for name in rng.sample(TASKS, rng.randint(2, 6)):
            project.tasks.append(ids.at(created + timedelta(days=2, minutes=i)))
            project.task_names.append(name)
    tag_ids = [ids.at(created + timedelta(days=3, minutes=i)) for i in range(TAGS)]

    zone_names = [z for z, _ in ZONES]
    zone_weights = [w for _, w in ZONES]
    popularity = [rng.paretovariate(1.2) for _ in projects]  # a few big projects, a long tail
    people: list[Person] = []
    span = (END_DATE - first_day).days
    for i in range(USERS):
        zone = "Europe/Berlin" if i == 0 else rng.choices(zone_names, zone_weights)[0]
        name = "Olivia Owner" if i == 0 else f"{FIRST[i % len(FIRST)]} {LAST[(i * 7) % len(LAST)]}"
        email = "owner@bench.example" if i == 0 else f"{name.lower().replace(' ', '.')}.{i}@bench.example"
        joined = (
            first_day
            if i < 150 or rng.random() < 0.3
            else first_day + timedelta(days=rng.randrange(span - 200))
        )
        left = (
            END_DATE
            if rng.random() >= 0.08
            else joined + timedelta(days=rng.randrange(180, max(181, (END_DATE - joined).days)))
        )
        left = min(left, END_DATE)
        mine = rng.choices(range(PROJECTS), popularity, k=rng.randint(3, 8))
        mine = list(dict.fromkeys(mine))
        people.append(
            Person(
                id=ids.at(created + timedelta(days=4, minutes=i)),
                name=name,
                email=email,
                zone=zone,
                tz=ZoneInfo(zone),
                role="OWNER" if i == 0 else ("WORKSPACE_ADMIN" if i in (1, 2) else "MEMBER"),
                first_day=joined,
                last_day=left,
                projects=mine,
                weights=[rng.uniform(1, 10) for _ in mine],
                hourly=rng.randrange(120, 221) * 100 if rng.random() < 0.33 else None,
                cost=rng.randrange(25, 61) * 100,
                start_minute=rng.randrange(7 * 60 + 30, 10 * 60),
            )
        )
        for p in mine:
            projects[p].members.add(i)

    groups = []
    members_by_group: list[list[int]] = [[] for _ in range(GROUPS)]
    for i in range(USERS):
        if rng.random() < 0.7:
            members_by_group[rng.randrange(GROUPS)].append(i)
    for g in range(GROUPS):
        groups.append(
            (ids.at(created + timedelta(days=5, minutes=g)), f"Team {WORDS[g]}", members_by_group[g])
        )

    project_member_hourly: dict[tuple[int, int], int] = {}
    pairs = [(i, p) for i, person in enumerate(people) for p in person.projects if projects[p].billable]
    for pair in rng.sample(pairs, min(60, len(pairs))):
        project_member_hourly[pair] = rng.randrange(90, 251) * 100

    workspace_hourly, workspace_cost = 10000, 3000
    rate_rows: list[dict[str, Any]] = []

    def rate(
        rate_type: str, scope: str, amount: int, user: int | None = None, project: int | None = None
    ) -> None:
        rate_rows.append(
            {
                "workspace_id": workspace_id,
                "id": ids.at(created + timedelta(days=6)),
                "rate_type": rate_type,
                "scope": scope,
                "user_id": people[user].id if user is not None else None,
                "project_id": projects[project].id if project is not None else None,
                "task_id": None,
                "amount": amount,
                "since": None,
                "created_at": created + timedelta(days=6),
            }
        )

    rate("HOURLY", "WORKSPACE", workspace_hourly)
    rate("COST", "WORKSPACE", workspace_cost)
    for i, person in enumerate(people):
        rate("COST", "MEMBER", person.cost, user=i)
        if person.hourly is not None:
            rate("HOURLY", "MEMBER", person.hourly, user=i)
    for p, project in enumerate(projects):
        if project.hourly is not None:
            rate("HOURLY", "PROJECT", project.hourly, project=p)
    for (i, p), amount in sorted(project_member_hourly.items()):
        rate("HOURLY", "PROJECT_MEMBER", amount, user=i, project=p)

    return Plan(
        seed,
        workspace_id,
        created,
        people,
        clients,
        projects,
        tag_ids,
        groups,
        workspace_hourly,
        workspace_cost,
        project_member_hourly,
        rate_rows,
        ids,
        rng,
    )


def hourly_rate(plan: Plan, person: int, project: int | None) -> int:
    """PROJECT_MEMBER > TASK (none set) > MEMBER > PROJECT > WORKSPACE, as core.rates resolves."""
    if project is not None and (person, project) in plan.project_member_hourly:
        return plan.project_member_hourly[(person, project)]
    if plan.people[person].hourly is not None:
        return plan.people[person].hourly
    if project is not None and plan.projects[project].hourly is not None:
        return plan.projects[project].hourly
    return plan.workspace_hourly


# --- the entries ---------------------------------------------------------------------------------


def _work_days(plan: Plan) -> list[list[int]]:
    """For each calendar day (index from the first day), the people who work that day."""
    rng = plan.rng
    first = END_DATE.replace(year=END_DATE.year - YEARS) + timedelta(days=1)
    days: list[list[int]] = []
    d = first
    while d <= END_DATE:
        working: list[int] = []
        holiday = (d.month, d.day) in HOLIDAYS
        weekend = d.weekday() >= 5
        for i, person in enumerate(plan.people):
            if holiday or not person.first_day <= d <= person.last_day:
                continue
            if weekend:
                if rng.random() < 0.015:
                    working.append(i)
            elif rng.random() >= 0.07:  # leave, sickness, training
                working.append(i)
        days.append(working)
        d += timedelta(days=1)
    return days


def entries(plan: Plan, target: int, sqlite_format: bool):
    """Yields (entry row, [tag ids]) in the order people would have written them: day by day.
    Rows are tuples in ENTRY_COLUMNS order; instants are aware datetimes, or SQLite's text."""
    rng = plan.rng
    first = END_DATE.replace(year=END_DATE.year - YEARS) + timedelta(days=1)
    work = _work_days(plan)
    person_days = sum(len(w) for w in work)
    mean = target / person_days if person_days else 0
    if mean >= 1:
        attend, extra_p = 1.0, min(1.0, (mean - 1) / 5)  # 1 + Binomial(5, p) entries a day
    else:
        attend, extra_p = mean / 3.5, 0.5
    invoiced_before = END_DATE - timedelta(days=90)
    ws = plan.workspace_id
    tag_ids = plan.tags
    tag_weights = [1 / (k + 1) for k in range(len(tag_ids))]
    one_minute = timedelta(minutes=1)
    utc = UTC

    def fmt(moment: datetime) -> Any:
        return moment.strftime("%Y-%m-%d %H:%M:%S.000000") if sqlite_format else moment

    for day_index, working in enumerate(work):
        day = first + timedelta(days=day_index)
        for i in working:
            if attend < 1 and rng.random() >= attend:
                continue
            person = plan.people[i]
            count = 1 + sum(1 for _ in range(5) if rng.random() < extra_p)
            minute = person.start_minute + rng.randrange(-20, 21)
            lunch_done = False
            for _ in range(count):
                timer = rng.random() < 0.6  # tracked with the timer: any second; else quarter hours
                if timer:
                    seconds = int(min(14400, max(300, rng.lognormvariate(8.4, 0.7))))
                else:
                    seconds = rng.randint(1, 16) * 900
                local = datetime(day.year, day.month, day.day, tzinfo=person.tz) + minute * one_minute
                if timer:
                    local += timedelta(seconds=rng.randrange(60))
                start = local.astimezone(utc)
                end = start + timedelta(seconds=seconds)
                pick = rng.random()
                project = None if pick < 0.08 else rng.choices(person.projects, person.weights)[0]
                proj = plan.projects[project] if project is not None else None
                task = rng.choice(proj.tasks) if proj is not None and rng.random() < 0.6 else None
                billable = proj is not None and proj.billable and rng.random() < 0.95
                local_date = start.astimezone(person.tz).date()
                invoiced = billable and local_date < invoiced_before and rng.random() < 0.97
                if rng.random() < 0.12:
                    description = ""
                else:
                    description = ACTIVITIES[rng.randrange(len(ACTIVITIES))]
                    if rng.random() < 0.5:
                        description += f" #{rng.randrange(1, 4000)}"
                written = end + timedelta(seconds=rng.randrange(5, 600))
                entry_id = plan.ids.at(written)
                row = (
                    ws,
                    entry_id,
                    person.id,
                    description,
                    proj.id if proj else None,
                    task,
                    billable,
                    "REGULAR",
                    fmt(start),
                    fmt(end),
                    seconds,
                    person.zone,
                    local_date.isoformat() if sqlite_format else local_date,
                    invoiced,
                    hourly_rate(plan, i, project),
                    person.cost,
                    CURRENCY,
                    None,
                    fmt(written),
                    fmt(written),
                )
                tagged: list[str] = []
                if rng.random() < 1 / 3:
                    tagged = list(
                        dict.fromkeys(rng.choices(tag_ids, tag_weights, k=1 if rng.random() < 0.75 else 2))
                    )
                yield row, tagged
                minute += seconds // 60 + rng.randrange(0, 21)
                if not lunch_done and minute >= 12 * 60:
                    minute += rng.randrange(30, 61)
                    lunch_done = True
                if minute >= 23 * 60:
                    break


# --- catalog through SQLAlchemy ----------------------------------------------------------------


async def write_catalog(url: str, plan: Plan) -> str:
    """Every table but the entries, in one transaction; returns the owner's new API key."""
    import sqlalchemy as sa
    from sqlalchemy.ext.asyncio import create_async_engine
    from sqlalchemy.pool import NullPool

    from timeledger.db import tables as t
    from timeledger.services.users import issue_api_key

    engine = create_async_engine(url, poolclass=NullPool)
    created = plan.created
    try:
        async with engine.begin() as conn:
            if (await conn.execute(sa.select(t.users.c.id).limit(1))).first() is not None:
                raise SystemExit(f"{url}: the database already has users; give an empty database")
            await conn.execute(
                t.users.insert(),
                [
                    {
                        "id": p.id,
                        "email": p.email,
                        "name": p.name,
                        "password_hash": None,
                        "status": "ACTIVE",
                        "settings": {"timeZone": p.zone},
                        "default_workspace_id": None,
                        "profile_picture": None,
                        "created_at": created,
                    }
                    for p in plan.people
                ],
            )
            await conn.execute(
                t.workspaces.insert().values(
                    id=plan.workspace_id,
                    name="Bench workspace",
                    image_url="",
                    currency=CURRENCY,
                    settings={},
                    created_at=created,
                )
            )
            await conn.execute(t.users.update().values(default_workspace_id=plan.workspace_id))
            await conn.execute(
                t.memberships.insert(),
                [
                    {
                        "workspace_id": plan.workspace_id,
                        "user_id": p.id,
                        "role": p.role,
                        "status": "ACTIVE",
                        "profile": {},
                        "created_at": created,
                    }
                    for p in plan.people
                ],
            )
            await conn.execute(
                t.member_roles.insert(),
                [
                    {
                        "workspace_id": plan.workspace_id,
                        "user_id": p.id,
                        "role": "WORKSPACE_ADMIN",
                        "entity_id": plan.workspace_id,
                        "source_type": None,
                        "created_at": created,
                    }
                    for p in plan.people
                    if p.role == "WORKSPACE_ADMIN"
                ],
            )
            await conn.execute(
                t.user_groups.insert(),
                [
                    {"workspace_id": plan.workspace_id, "id": gid, "name": name, "created_at": created}
                    for gid, name, _ in plan.groups
                ],
            )
            await conn.execute(
                t.user_group_members.insert(),
                [
                    {"workspace_id": plan.workspace_id, "group_id": gid, "user_id": plan.people[i].id}
                    for gid, _, members in plan.groups
                    for i in members
                ],
            )
            await conn.execute(
                t.clients.insert(),
                [
                    {
                        "workspace_id": plan.workspace_id,
                        "id": cid,
                        "name": name,
                        "email": None,
                        "address": None,
                        "note": None,
                        "archived": False,
                        "currency_code": None,
                        "cc_emails": [],
                        "created_at": created,
                    }
                    for cid, name in plan.clients
                ],
            )
            estimate = {
                "estimate": 0,
                "type": "AUTO",
                "resetOption": None,
                "active": False,
                "includeNonBillable": True,
            }
            palette = ("#F44336", "#E91E63", "#9C27B0", "#3F51B5", "#2196F3", "#009688", "#4CAF50", "#FF9800")
            await conn.execute(
                t.projects.insert(),
                [
                    {
                        "workspace_id": plan.workspace_id,
                        "id": p.id,
                        "name": p.name,
                        "client_id": plan.clients[p.client][0] if p.client is not None else None,
                        "color": palette[k % len(palette)],
                        "note": "",
                        "billable": p.billable,
                        "is_public": p.public,
                        "archived": False,
                        "is_template": False,
                        "time_estimate": estimate,
                        "budget_estimate": None,
                        "estimate_reset": None,
                        "created_at": created,
                    }
                    for k, p in enumerate(plan.projects)
                ],
            )
            await conn.execute(
                t.project_members.insert(),
                [
                    {
                        "workspace_id": plan.workspace_id,
                        "project_id": p.id,
                        "user_id": plan.people[i].id,
                        "status": "ACTIVE",
                    }
                    for p in plan.projects
                    if not p.public
                    for i in sorted(p.members)
                ],
            )
            await conn.execute(
                t.tasks.insert(),
                [
                    {
                        "workspace_id": plan.workspace_id,
                        "id": task_id,
                        "project_id": p.id,
                        "name": p.task_names[k],
                        "status": "ACTIVE",
                        "estimate_s": 0,
                        "billable": p.billable,
                        "budget_estimate": 0,
                        "created_at": created,
                    }
                    for p in plan.projects
                    for k, task_id in enumerate(p.tasks)
                ],
            )
            await conn.execute(
                t.tags.insert(),
                [
                    {
                        "workspace_id": plan.workspace_id,
                        "id": tid,
                        "name": TAG_NAMES[k],
                        "archived": False,
                        "created_at": created,
                    }
                    for k, tid in enumerate(plan.tags)
                ],
            )
            await conn.execute(t.rates.insert(), plan.rate_rows)
            key = await issue_api_key(conn, plan.people[0].id, "benchmark")
    finally:
        await engine.dispose()
    return key


# --- bulk entries --------------------------------------------------------------------------------


class CsvOut:
    """The entries and the catalog as CSV for DuckDB (header row, empty field = NULL)."""

    def __init__(self, folder: Path, plan: Plan) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        # Open for the whole generation; close() closes them.
        self._entries_file = open(folder / "entries.csv.part", "w", newline="")  # noqa: SIM115
        self._tags_file = open(folder / "entry_tags.csv.part", "w", newline="")  # noqa: SIM115
        self.entries = csv.writer(self._entries_file)
        self.tags = csv.writer(self._tags_file)
        self.entries.writerow(CSV_ENTRY_COLUMNS)
        self.tags.writerow(("entry_id", "tag_id"))
        self._write_catalog(plan)

    def _write_catalog(self, plan: Plan) -> None:
        def table(name: str, header: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
            with open(self.folder / f"{name}.csv", "w", newline="") as f:
                w = csv.writer(f)
                w.writerow(header)
                w.writerows(rows)

        table("users", ("id", "name", "email"), [(p.id, p.name, p.email) for p in plan.people])
        table("clients", ("id", "name"), plan.clients)
        table(
            "projects",
            ("id", "name", "color", "client_id"),
            [
                (p.id, p.name, "", plan.clients[p.client][0] if p.client is not None else "")
                for p in plan.projects
            ],
        )
        table(
            "tasks",
            ("id", "project_id", "name"),
            [(task_id, p.id, p.task_names[k]) for p in plan.projects for k, task_id in enumerate(p.tasks)],
        )
        table("tags", ("id", "name"), [(tid, TAG_NAMES[k]) for k, tid in enumerate(plan.tags)])

    def add(self, row: tuple[Any, ...], tagged: list[str]) -> None:
        (
            _,
            entry_id,
            user_id,
            description,
            project_id,
            task_id,
            billable,
            _,
            start,
            end,
            seconds,
            zone,
            local_date,
            invoiced,
            hourly,
            cost,
            currency,
            *_,
        ) = row
        start_text = start if isinstance(start, str) else start.strftime("%Y-%m-%d %H:%M:%S")
        end_text = end if isinstance(end, str) else end.strftime("%Y-%m-%d %H:%M:%S")
        self.entries.writerow(
            (
                entry_id,
                user_id,
                description,
                project_id or "",
                task_id or "",
                int(billable),
                start_text[:19],
                end_text[:19],
                seconds,
                zone,
                str(local_date),
                int(invoiced),
                hourly,
                cost,
                currency,
            )
        )
        for tag in tagged:
            self.tags.writerow((entry_id, tag))

    def close(self) -> None:
        self._entries_file.close()
        self._tags_file.close()
        (self.folder / "entries.csv.part").rename(self.folder / "entries.csv")
        (self.folder / "entry_tags.csv.part").rename(self.folder / "entry_tags.csv")


def load_sqlite(path: str, plan: Plan, target: int, out: CsvOut | None) -> tuple[int, int]:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")  # what the server sets on every connection
    conn.execute("PRAGMA synchronous=OFF")  # during the load only: a crash means regenerating
    entry_sql = f"INSERT INTO time_entries ({', '.join(ENTRY_COLUMNS)}) VALUES ({', '.join('?' * len(ENTRY_COLUMNS))})"
    tag_sql = "INSERT INTO time_entry_tags (workspace_id, entry_id, tag_id) VALUES (?, ?, ?)"
    n_entries = n_tags = 0
    rows: list[tuple[Any, ...]] = []
    tag_rows: list[tuple[str, str, str]] = []

    def flush() -> None:
        conn.execute("BEGIN")
        conn.executemany(entry_sql, rows)
        conn.executemany(tag_sql, tag_rows)
        conn.execute("COMMIT")
        rows.clear()
        tag_rows.clear()

    ws = plan.workspace_id
    for row, tagged in entries(plan, target, sqlite_format=True):
        rows.append(row)
        for tag in tagged:
            tag_rows.append((ws, row[1], tag))
        n_tags += len(tagged)
        if out is not None:
            out.add(row, tagged)
        if len(rows) >= BATCH:
            n_entries += len(rows)
            flush()
            if n_entries % 200_000 == 0:
                log(f"  {n_entries:,} entries")
    n_entries += len(rows)
    flush()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return n_entries, n_tags


async def load_postgres(url: str, plan: Plan, target: int, out: CsvOut | None) -> tuple[int, int]:
    import asyncpg
    from sqlalchemy.engine import make_url

    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    conn = await asyncpg.connect(dsn)
    n_entries = n_tags = 0
    try:
        # Foreign-key triggers off during the load: the generated rows are consistent by construction.
        await conn.execute("SET session_replication_role = replica")
        rows: list[tuple[Any, ...]] = []
        tag_rows: list[tuple[str, str, str]] = []

        async def flush() -> None:
            async with conn.transaction():
                await conn.copy_records_to_table("time_entries", records=rows, columns=list(ENTRY_COLUMNS))
                await conn.copy_records_to_table(
                    "time_entry_tags", records=tag_rows, columns=["workspace_id", "entry_id", "tag_id"]
                )
            rows.clear()
            tag_rows.clear()

        ws = plan.workspace_id
        for row, tagged in entries(plan, target, sqlite_format=False):
            rows.append(row)
            for tag in tagged:
                tag_rows.append((ws, row[1], tag))
            n_tags += len(tagged)
            if out is not None:
                out.add(row, tagged)
            if len(rows) >= BATCH:
                n_entries += len(rows)
                await flush()
                if n_entries % 200_000 == 0:
                    log(f"  {n_entries:,} entries")
        n_entries += len(rows)
        await flush()
        await conn.execute("SET session_replication_role = DEFAULT")
        log("  VACUUM ANALYZE (what autovacuum would reach on its own after an insert-heavy day)")
        await conn.execute("VACUUM ANALYZE")
    finally:
        await conn.close()
    return n_entries, n_tags


# --- entry point ---------------------------------------------------------------------------------


def generate(
    url: str | None, entries_target: int = 1_000_000, seed: int = 1, csv_dir: Path | None = None
) -> dict[str, Any]:
    """Generate into `url` (None: CSV only). Returns ids, key, counts and timings."""
    from timeledger.config import normalise_database_url

    t0 = time.monotonic()
    plan = make_plan(seed)
    result: dict[str, Any] = {
        "workspace_id": plan.workspace_id,
        "owner_id": plan.people[0].id,
        "owner_email": plan.people[0].email,
        "seed": seed,
        "entries_target": entries_target,
        "generator_version": generator_version(),
        "end_date": END_DATE.isoformat(),
        "counts": {
            "users": len(plan.people),
            "user_groups": len(plan.groups),
            "clients": len(plan.clients),
            "projects": len(plan.projects),
            "private_projects": sum(1 for p in plan.projects if not p.public),
            "tasks": sum(len(p.tasks) for p in plan.projects),
            "tags": len(plan.tags),
            "rates": len(plan.rate_rows),
        },
    }
    out = CsvOut(csv_dir, plan) if csv_dir is not None else None
    key = None
    if url is None:
        n_entries = n_tags = 0
        for n_entries, (row, tagged) in enumerate(
            entries(plan, entries_target, sqlite_format=False), start=1
        ):
            out.add(row, tagged)  # type: ignore[union-attr]
            n_tags += len(tagged)
    else:
        from timeledger.db import migrate

        url = normalise_database_url(url)
        log(f"migrate {url.split('@')[-1]}")
        migrate.upgrade(url)
        t_catalog = time.monotonic()
        key = asyncio.run(write_catalog(url, plan))
        result["catalog_seconds"] = round(time.monotonic() - t_catalog, 2)
        log(f"catalog written; loading about {entries_target:,} entries")
        t_entries = time.monotonic()
        if url.startswith("sqlite"):
            from sqlalchemy.engine import make_url

            n_entries, n_tags = load_sqlite(make_url(url).database, plan, entries_target, out)
        else:
            n_entries, n_tags = asyncio.run(load_postgres(url, plan, entries_target, out))
        result["entries_seconds"] = round(time.monotonic() - t_entries, 2)
    if out is not None:
        out.close()
        result["csv_dir"] = str(csv_dir)
    result["counts"]["time_entries"] = n_entries
    result["counts"]["time_entry_tags"] = n_tags
    result["api_key"] = key
    result["load_seconds"] = round(time.monotonic() - t0, 2)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--url", help="SQLAlchemy URL of an empty database (sqlite:///path or postgresql://...)"
    )
    parser.add_argument(
        "--entries", type=int, default=1_000_000, help="about how many time entries (default 1,000,000)"
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--csv-dir", type=Path, help="also write the entries and catalog as CSV here")
    parser.add_argument("--json", action="store_true", help="print the result as one JSON object")
    args = parser.parse_args()
    if args.url is None and args.csv_dir is None:
        parser.error("give --url, --csv-dir or both")
    result = generate(args.url, args.entries, args.seed, args.csv_dir)
    if args.json:
        print(json.dumps(result))
        return
    c = result["counts"]
    print(f"workspace id   {result['workspace_id']}")
    print(f"owner          {result['owner_email']} ({result['owner_id']})")
    print(f"API key        {result['api_key']}")
    print(
        f"counts         {c['users']} users, {c['clients']} clients, {c['projects']} projects "
        f"({c['private_projects']} private), {c['tasks']} tasks, {c['tags']} tags, {c['rates']} rates, "
        f"{c['time_entries']:,} time entries, {c['time_entry_tags']:,} entry tags"
    )
    print(
        f"load time      {result['load_seconds']} s"
        + (f" (entries {result['entries_seconds']} s)" if "entries_seconds" in result else "")
    )


if __name__ == "__main__":
    main()
