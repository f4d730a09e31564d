from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('kabinet', '0002_touched_at_service_fee')]

    initial = False

    operations = [
        ops.CreateModel(
            name='LoginThrottleRow',
            fields=[
                ('key', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=80)),
                ('attempts', fields.IntField()),
                ('blocked_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('last_attempt_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('version', fields.IntField()),
            ],
            options={'table': 'login_throttle', 'app': 'kabinet', 'indexes': [Index(fields=['last_attempt_at'])], 'pk_attr': 'key', 'table_description': 'A sign-in attempt counter: per source address, or per (login digest, source).'},
            bases=['Model'],
        ),
    ]
