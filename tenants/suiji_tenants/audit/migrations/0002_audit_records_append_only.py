"""Audit records are append-only in the database itself (Cybersecurity Law art. 21: kept at
least 180 days; GB/T 22239-2019 8.1.4.3 c: protected from deletion and change).

The trigger refuses UPDATE, DELETE and TRUNCATE on every schema's audit_auditrecord, whoever
asks; the application has no delete path either. The chain head (audit_audithead) is updated
by the writer and stays writable.
"""

from django.db import migrations

from suiji_tenants.audit.immutability import CREATE_SQL, DROP_SQL


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunSQL(CREATE_SQL, DROP_SQL)]
