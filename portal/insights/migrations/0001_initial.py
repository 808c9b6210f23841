"""The daily roll-ups moved here from the portal app. Only the migration state changes: the
tables stay as they are (portal 0006 takes the models out of portal's state)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('portal', '0005_support_leads_view_insights'),
    ]

    operations = [
        # The tables exist already (created by the portal app's migrations 0001-0004).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='DailyArticleViews',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('day', models.DateField()),
                        ('language', models.CharField(max_length=10)),
                        ('article_id', models.PositiveBigIntegerField()),
                        ('views', models.PositiveIntegerField(default=0)),
                    ],
                    options={
                        'verbose_name': 'daily article views',
                        'verbose_name_plural': 'daily article views',
                        'db_table': 'portal_dailyarticleviews',
                        'default_permissions': (),
                        'indexes': [models.Index(fields=['day', 'language'], name='insights_article_day_idx')],
                    },
                ),
                migrations.CreateModel(
                    name='DailyContactVisit',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('day', models.DateField()),
                        ('language', models.CharField(max_length=10)),
                        ('visit_key', models.CharField(max_length=32)),
                        ('deflected', models.BooleanField(help_text="A suggested article was opened after one of the day's contact-form openings, and the visit sent no ticket.")),
                    ],
                    options={
                        'verbose_name': 'daily contact-form visit',
                        'verbose_name_plural': 'daily contact-form visits',
                        'db_table': 'portal_dailycontactvisit',
                        'default_permissions': (),
                        'indexes': [models.Index(fields=['day', 'language', 'visit_key', 'deflected'], name='insights_contact_day_idx')],
                    },
                ),
                migrations.CreateModel(
                    name='DailyFigures',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('day', models.DateField()),
                        ('language', models.CharField(blank=True, max_length=10)),
                        ('searches', models.PositiveIntegerField(default=0)),
                        ('zero_result_searches', models.PositiveIntegerField(default=0)),
                        ('page_searches', models.PositiveIntegerField(default=0)),
                        ('clicked_page_searches', models.PositiveIntegerField(default=0)),
                        ('tickets', models.PositiveIntegerField(default=0)),
                        ('tickets_after_search', models.PositiveIntegerField(default=0)),
                        ('visits', models.PositiveIntegerField(default=0, help_text='Visits with a step that day.')),
                        ('continued_visits', models.PositiveIntegerField(default=0, help_text='Of those, visits that also had a step the day before.')),
                        ('computed_at', models.DateTimeField()),
                        ('marker', models.CharField(blank=True, max_length=100)),
                    ],
                    options={
                        'verbose_name': 'daily insights figures',
                        'verbose_name_plural': 'daily insights figures',
                        'db_table': 'portal_dailyfigures',
                        'permissions': [('view_insights', 'Can view insights')],
                        'default_permissions': (),
                        'constraints': [models.UniqueConstraint(fields=('day', 'language'), name='insights_day_unique')],
                    },
                ),
                migrations.CreateModel(
                    name='DailyQueryFigures',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('day', models.DateField()),
                        ('language', models.CharField(max_length=10)),
                        ('normalized_query', models.CharField(max_length=500)),
                        ('searches', models.PositiveIntegerField(default=0)),
                        ('zero_result_searches', models.PositiveIntegerField(default=0)),
                        ('page_searches', models.PositiveIntegerField(default=0)),
                        ('clicked_page_searches', models.PositiveIntegerField(default=0)),
                        ('unclicked_page_searches', models.PositiveIntegerField(default=0, help_text='Search-page searches with results and no result opened.')),
                    ],
                    options={
                        'verbose_name': 'daily query figures',
                        'verbose_name_plural': 'daily query figures',
                        'db_table': 'portal_dailyqueryfigures',
                        'default_permissions': (),
                        'indexes': [models.Index(fields=['day', 'language'], name='insights_query_day_idx')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
