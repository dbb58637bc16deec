"""workflow, history, sla clocks, notifications

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 20:05:27.438934
"""

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

def upgrade() -> None:

    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dedup_key', sa.String(length=200), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.Column('event', sa.String(length=40), nullable=False),
    sa.Column('audience', sa.String(length=20), nullable=False),
    sa.Column('recipient', sa.String(length=200), nullable=False),
    sa.Column('channel', sa.String(length=40), nullable=True),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_notifications_ticket_id_tickets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications')),
    sa.UniqueConstraint('dedup_key', name=op.f('uq_notifications_dedup_key'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notifications_delivered_at'), ['delivered_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_notifications_next_attempt_at'), ['next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_notifications_ticket_id'), ['ticket_id'], unique=False)

    op.create_table('sla_clocks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('agreement', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.String(length=3), nullable=False),
    sa.Column('metric', sa.String(length=20), nullable=False),
    sa.Column('calendar', sa.String(length=60), nullable=False),
    sa.Column('group_name', sa.String(length=120), nullable=True),
    sa.Column('supplier', sa.String(length=120), nullable=True),
    sa.Column('target_seconds', sa.Integer(), nullable=False),
    sa.Column('spent_seconds', sa.Double(), nullable=False),
    sa.Column('running_since', sa.DateTime(timezone=True), nullable=True),
    sa.Column('deadline', sa.DateTime(timezone=True), nullable=True),
    sa.Column('warn_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('stopped_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_sla_clocks_ticket_id_tickets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sla_clocks')),
    sa.UniqueConstraint('ticket_id', 'agreement', 'metric', name=op.f('uq_sla_clocks_ticket_id'))
    )
    with op.batch_alter_table('sla_clocks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sla_clocks_deadline'), ['deadline'], unique=False)
        batch_op.create_index(batch_op.f('ix_sla_clocks_ticket_id'), ['ticket_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sla_clocks_warn_at'), ['warn_at'], unique=False)

    op.create_table('ticket_history',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=200), nullable=False),
    sa.Column('field', sa.String(length=40), nullable=False),
    sa.Column('old', sa.Text(), nullable=True),
    sa.Column('new', sa.Text(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_ticket_history_ticket_id_tickets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ticket_history'))
    )
    with op.batch_alter_table('ticket_history', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ticket_history_ticket_id'), ['ticket_id'], unique=False)

    op.create_table('sla_clock_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('clock_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('cycle', sa.BigInteger(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['clock_id'], ['sla_clocks.id'], name=op.f('fk_sla_clock_events_clock_id_sla_clocks')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sla_clock_events')),
    sa.UniqueConstraint('clock_id', 'kind', 'cycle', name=op.f('uq_sla_clock_events_clock_id'))
    )
    with op.batch_alter_table('sla_clock_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sla_clock_events_clock_id'), ['clock_id'], unique=False)

    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pending_reason', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('supplier', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('group_name', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('level', sa.Integer(), nullable=False, server_default='1'))
        batch_op.add_column(sa.Column('escalated', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('major', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('reopen_count', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('reminder_count', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('closure_reminders', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('owned_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('category', sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column('cause_code', sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column('resolution_code', sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column('solution', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('closed_by', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('problem_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('related_to_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('satisfaction_rating', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('satisfaction_comment', sa.Text(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_tickets_related_to_id_tickets'), 'tickets', ['related_to_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_tickets_problem_id_tickets'), 'tickets', ['problem_id'], ['id'])

def downgrade() -> None:

    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_tickets_problem_id_tickets'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_tickets_related_to_id_tickets'), type_='foreignkey')
        batch_op.drop_column('satisfaction_comment')
        batch_op.drop_column('satisfaction_rating')
        batch_op.drop_column('related_to_id')
        batch_op.drop_column('problem_id')
        batch_op.drop_column('closed_by')
        batch_op.drop_column('solution')
        batch_op.drop_column('resolution_code')
        batch_op.drop_column('cause_code')
        batch_op.drop_column('category')
        batch_op.drop_column('closed_at')
        batch_op.drop_column('resolved_at')
        batch_op.drop_column('owned_at')
        batch_op.drop_column('closure_reminders')
        batch_op.drop_column('reminder_count')
        batch_op.drop_column('reopen_count')
        batch_op.drop_column('major')
        batch_op.drop_column('escalated')
        batch_op.drop_column('level')
        batch_op.drop_column('group_name')
        batch_op.drop_column('supplier')
        batch_op.drop_column('pending_reason')

    with op.batch_alter_table('sla_clock_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sla_clock_events_clock_id'))

    op.drop_table('sla_clock_events')
    with op.batch_alter_table('ticket_history', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ticket_history_ticket_id'))

    op.drop_table('ticket_history')
    with op.batch_alter_table('sla_clocks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sla_clocks_warn_at'))
        batch_op.drop_index(batch_op.f('ix_sla_clocks_ticket_id'))
        batch_op.drop_index(batch_op.f('ix_sla_clocks_deadline'))

    op.drop_table('sla_clocks')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notifications_ticket_id'))
        batch_op.drop_index(batch_op.f('ix_notifications_next_attempt_at'))
        batch_op.drop_index(batch_op.f('ix_notifications_delivered_at'))

    op.drop_table('notifications')

