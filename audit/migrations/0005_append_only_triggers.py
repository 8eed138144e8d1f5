"""PostgreSQL triggers that refuse UPDATE, DELETE and TRUNCATE on the audit tables.

Installed after 0004 has chained the rows already there (which updates them).
"""

import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0004_chain_existing_rows'),
    ]

    operations = [
        pgtrigger.migrations.AddTrigger(
            model_name='accessevent',
            trigger=pgtrigger.compiler.Trigger(name='accessevent_append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash='c05ae700329a8607ac61d991f362645886884022', operation='UPDATE OR DELETE', pgid='pgtrigger_accessevent_append_only_ae555', table='audit_accessevent', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='accessevent',
            trigger=pgtrigger.compiler.Trigger(name='accessevent_no_truncate', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot truncate % table', TG_TABLE_NAME;", hash='e60f67891452683f8089033e5070067575643243', level='STATEMENT', operation='TRUNCATE', pgid='pgtrigger_accessevent_no_truncate_3b2ae', table='audit_accessevent', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='securityevent',
            trigger=pgtrigger.compiler.Trigger(name='securityevent_append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash='6e6af9f8deb5d537555d3d9208126426141225ed', operation='UPDATE OR DELETE', pgid='pgtrigger_securityevent_append_only_78b90', table='audit_securityevent', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='securityevent',
            trigger=pgtrigger.compiler.Trigger(name='securityevent_no_truncate', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot truncate % table', TG_TABLE_NAME;", hash='9ad0d7c3c97dae45614a27aa37e2e02d9e4e2d89', level='STATEMENT', operation='TRUNCATE', pgid='pgtrigger_securityevent_no_truncate_7bc57', table='audit_securityevent', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='accesseventparticipant',
            trigger=pgtrigger.compiler.Trigger(name='accesseventparticipant_append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash='a9383f033f27dc07c1e404c7bc3ffabc19ada4d8', operation='UPDATE OR DELETE', pgid='pgtrigger_accesseventparticipant_append_only_09dee', table='audit_accesseventparticipant', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='accesseventparticipant',
            trigger=pgtrigger.compiler.Trigger(name='accesseventparticipant_no_truncate', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot truncate % table', TG_TABLE_NAME;", hash='f5c321cd3337abe559165c30029426c91b63dee8', level='STATEMENT', operation='TRUNCATE', pgid='pgtrigger_accesseventparticipant_no_truncate_12483', table='audit_accesseventparticipant', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='accessloganchor',
            trigger=pgtrigger.compiler.Trigger(name='accessloganchor_append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash='f4d0abdbb5f0f91884618958520400d4e621caa1', operation='UPDATE OR DELETE', pgid='pgtrigger_accessloganchor_append_only_3c7a1', table='audit_accessloganchor', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='accessloganchor',
            trigger=pgtrigger.compiler.Trigger(name='accessloganchor_no_truncate', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot truncate % table', TG_TABLE_NAME;", hash='dc1e4b533d9096466c43c2bc2b628569833fc6a0', level='STATEMENT', operation='TRUNCATE', pgid='pgtrigger_accessloganchor_no_truncate_e32b6', table='audit_accessloganchor', when='BEFORE')),
        ),
    ]
