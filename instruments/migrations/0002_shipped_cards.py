from django.db import migrations

from instruments.loader import load_shipped_cards


class Migration(migrations.Migration):
    dependencies = [("instruments", "0001_initial")]

    operations = [migrations.RunPython(load_shipped_cards, migrations.RunPython.noop)]
