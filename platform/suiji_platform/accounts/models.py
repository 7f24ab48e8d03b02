"""Global users (public schema) and their roles in organisations."""

from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A person; one login works on every organisation path where they hold a role."""

    id = models.BigAutoField(primary_key=True)
    display_name = models.CharField("姓名", max_length=64, blank=True)
    # GB/T 22239-2019 8.1.4.1: passwords expire; accounts an administrator created change the
    # initial password at first login.
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)
    must_change_password = models.BooleanField("下次登录须修改密码", default=False)
    # Demo accounts (seeded with a published password) may be exempted from expiry and the
    # second factor by the DEMO_ACCOUNTS_EXEMPT setting, so `make demo` and the tests sign in.
    is_demo = models.BooleanField("演示账号", default=False)

    def __str__(self) -> str:
        return self.display_name or self.username


class Role(models.TextChoices):
    PREFECTURE_ADMIN = "prefecture_admin", "州局管理员"
    COUNTY_ADMIN = "county_admin", "县（市）局管理员（政策法规科）"
    SECTION_STAFF = "section_staff", "业务科室人员"
    INSPECTOR = "inspector", "执法检查人员"
    PARTNER_STAFF = "partner_staff", "协作部门人员"
    AUDITOR = "auditor", "审计（上级只读）"


class Membership(models.Model):
    """A user's role in one organisation."""

    id = models.BigAutoField(primary_key=True)
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="memberships")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField("角色", max_length=32, choices=Role.choices)
    # Partner staff (协作部门人员) belong to one department (registries ``Department``): they
    # maintain that department's items and inspectors only (accounts/access.py).
    department = models.CharField("所属部门", max_length=32, blank=True, default="")
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation_id}: {self.role}"


class PasswordHistory(models.Model):
    """Hashes of a user's earlier passwords: a new password may not repeat the last five."""

    id = models.BigAutoField(primary_key=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.created_at:%Y-%m-%d}"
