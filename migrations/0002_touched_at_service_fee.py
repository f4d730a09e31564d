from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('kabinet', '0001_initial')]

    initial = False

    operations = [
        ops.AddField(
            model_name='ChargesReportRow',
            name='touched_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='RenameRequestRow',
            name='touched_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='ServiceRequestRow',
            name='touched_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='ServiceRow',
            name='monthly_fee',
            field=fields.DecimalField(default=0, db_default=0, max_digits=10, decimal_places=2),
        ),
    ]
