from tortoise import migrations
from tortoise.migrations import operations as ops

class Migration(migrations.Migration):
    dependencies = [('kabinet', '0004_job_progress')]

    initial = False

    operations = [
        ops.RemoveField(model_name='AdminRow', name='failed_attempts'),
        ops.RemoveField(model_name='AdminRow', name='locked_until'),
    ]
