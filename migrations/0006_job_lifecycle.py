from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('kabinet', '0005_admin_lockout_columns')]

    initial = False

    operations = [
        ops.CreateModel(
            name='PassLeaseRow',
            fields=[
                ('name', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=64)),
                ('owner', fields.CharField(max_length=128)),
                ('until', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'pass_lease', 'app': 'kabinet', 'pk_attr': 'name', 'table_description': 'One owner of a recurring pass (job recovery) across processes, until `until`.'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='ChargesReportRow',
            name='attempts',
            field=fields.IntField(default=0, db_default=0),
        ),
        ops.AddField(
            model_name='ChargesReportRow',
            name='error_code',
            field=fields.CharField(null=True, max_length=32),
        ),
        ops.AddField(
            model_name='ChargesReportRow',
            name='error_message',
            field=fields.CharField(null=True, max_length=500),
        ),
        ops.AddField(
            model_name='ChargesReportRow',
            name='retry_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='DocumentJobRow',
            name='retry_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='DocumentJobRow',
            name='touched_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='InvoiceEmailRequestRow',
            name='touched_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='RenameRequestRow',
            name='attempts',
            field=fields.IntField(default=0, db_default=0),
        ),
        ops.AddField(
            model_name='RenameRequestRow',
            name='error_code',
            field=fields.CharField(null=True, max_length=32),
        ),
        ops.AddField(
            model_name='RenameRequestRow',
            name='error_message',
            field=fields.CharField(null=True, max_length=500),
        ),
        ops.AddField(
            model_name='RenameRequestRow',
            name='retry_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='ServiceRequestRow',
            name='attempts',
            field=fields.IntField(default=0, db_default=0),
        ),
        ops.AddField(
            model_name='ServiceRequestRow',
            name='error_code',
            field=fields.CharField(null=True, max_length=32),
        ),
        ops.AddField(
            model_name='ServiceRequestRow',
            name='error_message',
            field=fields.CharField(null=True, max_length=500),
        ),
        ops.AddField(
            model_name='ServiceRequestRow',
            name='retry_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        # The one job status (domain/job_store.py): a mailed charges report is DONE
        # (GraphQL's ChargesReportStatus still says SENT).
        ops.RunSQL(
            "UPDATE charges_report SET status = 'DONE' WHERE status = 'SENT'",
            reverse_sql="UPDATE charges_report SET status = 'SENT' WHERE status = 'DONE'",
        ),
    ]
