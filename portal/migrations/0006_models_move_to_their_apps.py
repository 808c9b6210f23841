
"""The portal app's models moved to apps of their own (visits, sitesearch, feedback, support,
insights) with their tables unchanged: this takes them out of portal's migration state, and
moves their content types, so the permissions granted on them (Support leads: tickets,
deliveries, insights), admin log entries and references keep pointing at them. Tasks queued
for a worker under the old module paths are pointed at the tasks' new homes."""

from django.db import migrations

MOVED = {
    "visitevent": "visits",
    "searchlog": "sitesearch",
    "searchclick": "sitesearch",
    "articlevote": "feedback",
    "supportsettings": "support",
    "ticket": "support",
    "delivery": "support",
    "dailyfigures": "insights",
    "dailycontactvisit": "insights",
    "dailyqueryfigures": "insights",
    "dailyarticleviews": "insights",
}


def _relabel(apps, moves):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model, (source, target) in moves.items():
        if ContentType.objects.filter(app_label=target, model=model).exists():
            continue  # already there (e.g. a database migrated forward and back before)
        ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


def move_content_types(apps, schema_editor):
    _relabel(apps, {model: ("portal", app) for model, app in MOVED.items()})


def move_content_types_back(apps, schema_editor):
    _relabel(apps, {model: (app, "portal") for model, app in MOVED.items()})


# Task paths stored in django_tasks_db's queue: a worker imports them by name.
MOVED_TASKS = {
    "portal.deliveries.deliver": "portal.support.deliveries.retries.deliver",
    "portal.insights.tasks.embed_gap_queries": "portal.insights.gaps.embed_gap_queries",
}


def _retarget_tasks(apps, moves):
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    for source, target in moves.items():
        DBTaskResult.objects.filter(task_path=source).update(task_path=target)


def move_queued_tasks(apps, schema_editor):
    _retarget_tasks(apps, MOVED_TASKS)


def move_queued_tasks_back(apps, schema_editor):
    _retarget_tasks(apps, {target: source for source, target in MOVED_TASKS.items()})


class Migration(migrations.Migration):

    dependencies = [
        ('portal', '0005_support_leads_view_insights'),
        ('visits', '0001_initial'),
        ('sitesearch', '0001_initial'),
        ('feedback', '0001_initial'),
        ('support', '0001_initial'),
        ('insights', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('django_tasks_database', '0001_initial'),
    ]

    operations = [
        migrations.RunPython(move_content_types, move_content_types_back),
        migrations.RunPython(move_queued_tasks, move_queued_tasks_back),
        # The tables stay; only the models' app changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='articlevote',
                    name='article',
                ),
                migrations.DeleteModel(
                    name='DailyArticleViews',
                ),
                migrations.DeleteModel(
                    name='DailyContactVisit',
                ),
                migrations.DeleteModel(
                    name='DailyFigures',
                ),
                migrations.DeleteModel(
                    name='DailyQueryFigures',
                ),
                migrations.RemoveField(
                    model_name='delivery',
                    name='ticket',
                ),
                migrations.RemoveField(
                    model_name='searchclick',
                    name='search',
                ),
                migrations.RemoveField(
                    model_name='visitevent',
                    name='search',
                ),
                migrations.DeleteModel(
                    name='SupportSettings',
                ),
                migrations.RemoveField(
                    model_name='ticket',
                    name='article',
                ),
                migrations.DeleteModel(
                    name='ArticleVote',
                ),
                migrations.DeleteModel(
                    name='Delivery',
                ),
                migrations.DeleteModel(
                    name='SearchClick',
                ),
                migrations.DeleteModel(
                    name='SearchLog',
                ),
                migrations.DeleteModel(
                    name='VisitEvent',
                ),
                migrations.DeleteModel(
                    name='Ticket',
                ),
            ],
            database_operations=[],
        ),
    ]
