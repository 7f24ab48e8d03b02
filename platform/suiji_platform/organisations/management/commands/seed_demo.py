"""`manage.py seed_demo`: the demo organisations and accounts (idempotent: reuses data)."""

import argparse
from typing import Any

from django.core.management.base import BaseCommand

from suiji_platform.demo import (
    DEMO_PASSWORD,
    demo_accounts,
    ensure_demo_accounts,
    ensure_demo_organisations,
)


class Command(BaseCommand):
    help = "Create (or reuse) 德宏州, its five counties and a demo account for every role."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--quiet", action="store_true")
        parser.add_argument(
            "--registries",
            action=argparse.BooleanOptionalAction,
            default=True,
            help="fill every county's list and registries (skips organisations that have entities)",
        )
        parser.add_argument(
            "--joint",
            action=argparse.BooleanOptionalAction,
            default=True,
            help="德宏州's joint plan and its published joint draw (the e2e suite builds its own)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        organisations = ensure_demo_organisations()
        ensure_demo_accounts()
        if options["registries"]:
            from suiji_tenants.registries.demo import seed_demo_registries

            for org in organisations:
                if org.kind != "county":
                    continue
                filled = seed_demo_registries(org)
                if not options["quiet"]:
                    state = "已生成" if filled else "已有数据，跳过"
                    self.stdout.write(f"  名录库 {org.code}: {state}")
            from suiji_tenants.registries.partner_demo import seed_partner_departments

            # The prefecture's partner departments: their items and officers (joint draws).
            for org in organisations:
                if org.kind == "prefecture":
                    seed_partner_departments(org)
            from suiji_tenants.draws.demo import seed_demo_draws

            # One published, verifiable draw per county (record: /o/<code>/draws/…/record.json).
            for org in organisations:
                if org.kind != "county":
                    continue
                drawn = seed_demo_draws(org)
                if not options["quiet"]:
                    state = (
                        "已生成并公开" if drawn else "跳过（已有公开的抽取，或本年度计划尚未公开）"
                    )
                    self.stdout.write(f"  随机抽取 {org.code}: {state}")
            from suiji_tenants.plans.joint_demo import seed_demo_joint

            # 德宏州's joint plan: one joint task, its draw published (the counties' joint visits).
            for org in organisations:
                if org.kind != "prefecture" or not options["joint"]:
                    continue
                drawn = seed_demo_joint(org)
                if not options["quiet"]:
                    state = "已生成并公开" if drawn else "跳过（已有公开的联合抽取）"
                    self.stdout.write(f"  联合抽取 {org.code}: {state}")
            from suiji_tenants.inspections.demo import seed_demo_inspections

            # Inspections of the demo draws; a few recorded, reviewed and published.
            for org in organisations:
                if org.kind != "county":
                    continue
                published = seed_demo_inspections(org)
                if not options["quiet"]:
                    self.stdout.write(f"  检查结果 {org.code}: 已公示 {published} 条")
            from suiji_platform.oversight.demo import seed_demo_cards

            # Two inspections of 芒市 past their window: the daily scan raises a yellow and a red card.
            county = next((o for o in organisations if o.code == "533103"), None)
            if county is not None:
                raised = seed_demo_cards(county)
                if not options["quiet"]:
                    self.stdout.write(f"  预警 {county.code}: {raised} 张")
        if options["quiet"]:
            return
        self.stdout.write("组织机构 (organisations):")
        for org in organisations:
            self.stdout.write(f"  {org.code}  {org.name}  →  /o/{org.code}/")
        self.stdout.write(f"演示账号 (demo accounts), 密码 password: {DEMO_PASSWORD}")
        for account in demo_accounts():
            roles = ", ".join(f"{code}:{role}" for code, role in account.roles)
            self.stdout.write(f"  {account.username:<22} {account.display_name}  [{roles}]")
