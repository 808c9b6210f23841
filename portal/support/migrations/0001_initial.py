"""SupportSettings, Ticket, Delivery moved here from the portal app. Only the migration state changes: the
tables stay as they are (portal 0006 takes the models out of portal's state)."""

import django.db.models.deletion
import portal.support.models.tickets
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('portal', '0005_support_leads_view_insights'),
        ('kb', '0001_initial'),
    ]

    operations = [
        # The tables exist already (created by the portal app's migrations 0001-0004).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='SupportSettings',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('orders_hours', models.PositiveIntegerField(default=24, help_text='Hours until the first answer, as promised to shoppers.', verbose_name='Orders')),
                        ('returns_hours', models.PositiveIntegerField(default=24, help_text='Hours until the first answer, as promised to shoppers.', verbose_name='Returns and refunds')),
                        ('shipping_hours', models.PositiveIntegerField(default=24, help_text='Hours until the first answer, as promised to shoppers.', verbose_name='Shipping and delivery')),
                        ('payment_hours', models.PositiveIntegerField(default=24, help_text='Hours until the first answer, as promised to shoppers.', verbose_name='Payment')),
                        ('account_hours', models.PositiveIntegerField(default=48, help_text='Hours until the first answer, as promised to shoppers.', verbose_name='Account')),
                        ('privacy_hours', models.PositiveIntegerField(default=72, help_text='Hours until the first answer, as promised to shoppers.', verbose_name='Privacy')),
                        ('other_hours', models.PositiveIntegerField(default=48, help_text='Hours until the first answer, as promised to shoppers.', verbose_name='Something else')),
                    ],
                    options={
                        'verbose_name': 'support settings',
                        'db_table': 'portal_supportsettings',
                    },
                ),
                migrations.CreateModel(
                    name='Ticket',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('reference', models.CharField(default=portal.support.models.tickets.new_reference, max_length=12, unique=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                        ('status', models.CharField(choices=[('new', 'New'), ('open', 'Open'), ('waiting', 'Waiting for the shopper'), ('solved', 'Solved')], default='new', max_length=10)),
                        ('language', models.CharField(max_length=10)),
                        ('topic', models.CharField(choices=[('orders', 'Orders'), ('returns', 'Returns and refunds'), ('shipping', 'Shipping and delivery'), ('payment', 'Payment'), ('account', 'Account'), ('privacy', 'Privacy'), ('other', 'Something else')], max_length=20)),
                        ('name', models.CharField(max_length=150)),
                        ('email', models.EmailField(db_index=True, max_length=254)),
                        ('order_number', models.CharField(blank=True, max_length=20)),
                        ('subject', models.CharField(max_length=200)),
                        ('message', models.TextField(max_length=5000)),
                        ('entry_page', models.CharField(blank=True, max_length=500)),
                        ('response_time_hours', models.PositiveIntegerField(help_text='Expected response time promised to the shopper.')),
                        ('timeline', models.JSONField(blank=True, default=list)),
                        ('visit_key', models.CharField(db_index=True, max_length=32)),
                        ('visitor_key', models.CharField(blank=True, max_length=32)),
                        ('submission_token', models.CharField(max_length=64, unique=True)),
                        ('article', models.ForeignKey(blank=True, help_text='The article the shopper came from, if any.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='kb.articlepage')),
                    ],
                    options={
                        'verbose_name': 'ticket',
                        'verbose_name_plural': 'tickets',
                        'db_table': 'portal_ticket',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='Delivery',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('channel', models.CharField(choices=[('email', 'E-mail'), ('webhook', 'Webhook')], max_length=10, verbose_name='channel')),
                        ('status', models.CharField(choices=[('pending', 'Pending'), ('sent', 'Sent'), ('failed', 'Failed')], default='pending', max_length=10, verbose_name='status')),
                        ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='attempts')),
                        ('next_attempt_at', models.DateTimeField(blank=True, db_index=True, null=True, verbose_name='next attempt')),
                        ('locked_until', models.DateTimeField(blank=True, editable=False, null=True)),
                        ('last_error', models.CharField(blank=True, max_length=300, verbose_name='last error')),
                        ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='sent at')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('ticket', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='support.ticket')),
                    ],
                    options={
                        'verbose_name': 'delivery',
                        'verbose_name_plural': 'deliveries',
                        'db_table': 'portal_delivery',
                        'ordering': ['-created_at', '-pk'],
                    },
                ),
                migrations.AddIndex(
                    model_name='ticket',
                    index=models.Index(fields=['language', 'created_at'], name='portal_tick_languag_ca0dfd_idx'),
                ),
            ],
            database_operations=[],
        ),
    ]
