"""Load on the production-like stack (`make load`): county staff browsing registries and plans,
a few running draws and imports, anonymous visitors on the public portal.

At the end it prints `name=value unit` lines: load_<N>_users_error_rate,
load_<N>_users_p95_ms_<page kind> and portal_from_replica_ratio.
"""

import itertools
import json
import os
import random
from typing import Any

from locust import HttpUser, between, events, task

PASSWORD = "suiji-demo-2026"
COUNTIES = [
    ("533103", "mangshi"),
    ("533102", "ruili"),
    ("533122", "lianghe"),
    ("533123", "yingjiang"),
    ("533124", "longchuan"),
]
portal_reads = {"replica": 0, "primary": 0, "unknown": 0}
_accounts = itertools.cycle(COUNTIES)

REGISTRY = (
    "{ marketEntities(first: 50) { totalCount edges { node { id name uscc region "
    "creditClass status } } } }"
)
PROJECTS = "{ projects(first: 50) { edges { node { id name } } } }"
INSPECTORS = "{ inspectors(first: 50) { edges { node { id name } } } }"
PLANS = (
    "{ annualPlans(year: 2026) { edges { node { id year status version tasks { id title "
    "targetKind } } } } planStatuses { year status } }"
)
DRAWS = "{ draws(first: 20) { edges { node { id reference status poolSize } } } }"
PORTAL_DRAWS = "query($o:String!){ publicDraws(organisationCode:$o){ reference status } }"
PORTAL_PLANS = "query($o:String!){ publicPlans(organisationCode:$o){ year title currentVersion } }"
PORTAL_ORGS = "{ publicOrganisations { code name } }"


class Base(HttpUser):
    abstract = True

    def on_start(self) -> None:
        # The stack's self-signed certificate for 127.0.0.1.
        self.client.verify = os.path.join(os.environ.get("SMOKE_DIR", "/tmp"), "tls", "server.crt")
        self.client.trust_env = False
        self.client.get("/", name="page")

    def gql(self, query: str, name: str, org: str | None = None, **variables: Any) -> Any:
        url = f"/o/{org}/graphql/" if org else "/graphql/"
        with self.client.post(
            url,
            data=json.dumps({"query": query, "variables": variables}),
            headers={
                "Content-Type": "application/json",
                "X-CSRFToken": self.client.cookies.get("csrftoken", ""),
                "Referer": f"{self.host}/",
            },
            name=name,
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
                return None
            body = response.json()
            if body.get("errors"):
                response.failure(body["errors"][0].get("message", "error")[:200])
                return None
            self.last_headers = response.headers
            return body["data"]

    def login(self, username: str) -> None:
        data = self.gql(
            "mutation($u:String!,$p:String!){ login(username:$u,password:$p){ me { username } "
            "errors { message } } }",
            "login",
            u=username,
            p=PASSWORD,
        )
        if data and not data["login"]["me"]:
            raise RuntimeError(f"cannot log in as {username}: {data['login']}")


class CountyStaff(Base):
    """Section staff browsing their county's registries, plans and draws."""

    weight = 140
    wait_time = between(2, 6)

    def on_start(self) -> None:
        super().on_start()
        self.org, slug = next(_accounts)
        self.login(f"{slug}.staff")

    @task(4)
    def registry(self) -> None:
        self.gql(REGISTRY, "registries", self.org)

    @task(1)
    def other_registries(self) -> None:
        self.gql(random.choice((PROJECTS, INSPECTORS)), "registries", self.org)

    @task(3)
    def plans(self) -> None:
        self.gql(PLANS, "plans", self.org)

    @task(2)
    def draws(self) -> None:
        self.gql(DRAWS, "draws", self.org)

    @task(1)
    def page(self) -> None:
        self.client.get(f"/o/{self.org}/registries", name="page")


class Drawer(Base):
    """Previews draws (the pool and quotas) — the work of preparing and running one."""

    weight = 3
    wait_time = between(5, 15)

    def on_start(self) -> None:
        super().on_start()
        self.org, slug = random.choice(COUNTIES[1:])
        self.login(f"{slug}.staff")
        data = self.gql(PLANS, "plans", self.org)
        tasks = [
            t
            for e in (data or {}).get("annualPlans", {}).get("edges", [])
            for t in e["node"]["tasks"]
            if t["targetKind"] == "ENTITY"
        ]
        self.task_id = tasks[0]["id"] if tasks else None

    @task
    def preview(self) -> None:
        if self.task_id:
            self.gql(
                "query($t:ID!){ drawPreview(taskId:$t, round:2){ poolSize } }",
                "draw preview",
                self.org,
                t=self.task_id,
            )


class Importer(Base):
    """Exports the entity registry and validates it as an import (dry run: writes nothing)."""

    weight = 2
    wait_time = between(10, 20)

    def on_start(self) -> None:
        super().on_start()
        self.org, slug = random.choice(COUNTIES[1:])
        # Section staff maintain the registries (an admin would need the second factor).
        self.login(f"{slug}.staff")

    @task
    def dry_run_import(self) -> None:
        exported = self.client.get(
            f"/o/{self.org}/registries/export/entities.xlsx", name="registry export"
        )
        if exported.status_code != 200:
            return
        with self.client.post(
            f"/o/{self.org}/registries/uploads/",
            files={"file": ("entities.xlsx", exported.content)},
            headers={
                "X-CSRFToken": self.client.cookies.get("csrftoken", ""),
                "Referer": f"{self.host}/",
            },
            name="import upload",
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}: {response.text[:200]}")
                return
            token = response.json()["token"]
        self.gql(
            "mutation($t:String!){ startRegistryImport(fileToken:$t, kind:ENTITIES, dryRun:true, "
            "updateExisting:true){ errors { message } job { id } } }",
            "import start",
            self.org,
            t=token,
        )


class PortalVisitor(Base):
    """Anonymous visitors of the public portal (served by the replica)."""

    weight = 55
    wait_time = between(2, 8)

    def portal(self, query: str, **variables: Any) -> None:
        if self.gql(query, "portal", **variables) is not None:
            where = self.last_headers.get("X-Suiji-Read-DB", "unknown")
            portal_reads[where if where in portal_reads else "unknown"] += 1

    @task(3)
    def draws(self) -> None:
        self.portal(PORTAL_DRAWS, o=random.choice(COUNTIES)[0])

    @task(2)
    def plans(self) -> None:
        self.portal(PORTAL_PLANS, o=random.choice(COUNTIES)[0])

    @task(1)
    def organisations(self) -> None:
        self.portal(PORTAL_ORGS)

    @task(1)
    def page(self) -> None:
        self.client.get("/portal", name="page")


@events.quitting.add_listener
def report(environment: Any, **kwargs: Any) -> None:
    users = os.environ.get("LOAD_USERS", "200")
    stats = environment.stats
    total = stats.total
    rate = total.num_failures / total.num_requests if total.num_requests else 0.0
    lines = [
        f"load_{users}_users_requests={total.num_requests} requests",
        f"load_{users}_users_error_rate={rate:.4f} ratio",
    ]
    for entry in sorted(stats.entries.values(), key=lambda e: e.name):
        kind = entry.name.replace(" ", "_")
        lines.append(
            f"load_{users}_users_p95_ms_{kind}={entry.get_response_time_percentile(0.95):.0f} ms"
        )
    served = portal_reads["replica"] + portal_reads["primary"] + portal_reads["unknown"]
    ratio = portal_reads["replica"] / served if served else 0.0
    lines.append(f"portal_from_replica_ratio={ratio:.4f} ratio")
    errors = sorted(stats.errors.values(), key=lambda e: -e.occurrences)[:5]
    lines += [f"# error x{e.occurrences} {e.name}: {str(e.error)[:160]}" for e in errors]
    out = os.environ.get("LOAD_REPORT")
    text = "\n".join(lines)
    print(text, flush=True)
    if out:
        with open(out, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
