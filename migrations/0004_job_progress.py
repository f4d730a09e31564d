from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('kabinet', '0003_login_throttle')]

    initial = False

    operations = [
        ops.AddField(
            model_name='DocumentJobRow',
            name='progress',
            field=fields.IntField(default=0, db_default=0),
        ),
        ops.AddField(
            model_name='RenameRequestRow',
            name='progress',
            field=fields.IntField(default=0, db_default=0),
        ),
        ops.AddField(
            model_name='ServiceRequestRow',
            name='progress',
            field=fields.IntField(default=0, db_default=0),
        ),
    ]
