"""Give an existing "Support leads" group the new insights permission (new installs get it
from load_initial_data)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SUPPORT_LEADS = "Support leads"


def grant(apps, schema_editor):
    # Permissions are normally created after migrating; this one is needed now.
    app_config = apps.get_app_config("portal")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=SUPPORT_LEADS).first()
    permission = Permission.objects.filter(
        content_type__app_label="portal", codename="view_insights"
    ).first()
    if group and permission:
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0004_insights"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
