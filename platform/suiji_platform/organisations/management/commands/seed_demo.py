"""`manage.py seed_demo`: the demo organisations and accounts (idempotent: reuses data)."""

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

    def handle(self, *args: Any, **options: Any) -> None:
        organisations = ensure_demo_organisations()
        ensure_demo_accounts()
        if options["quiet"]:
            return
        self.stdout.write("组织机构 (organisations):")
        for org in organisations:
            self.stdout.write(f"  {org.code}  {org.name}  →  /o/{org.code}/")
        self.stdout.write(f"演示账号 (demo accounts), 密码 password: {DEMO_PASSWORD}")
        for account in demo_accounts():
            roles = ", ".join(f"{code}:{role}" for code, role in account.roles)
            self.stdout.write(f"  {account.username:<22} {account.display_name}  [{roles}]")
