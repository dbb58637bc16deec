"""announcements

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 20:09:32.271378
"""

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

def upgrade() -> None:

    op.create_table('announcements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('services', sa.JSON(), nullable=False),
    sa.Column('targeted', sa.Boolean(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_announcements_ticket_id_tickets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_announcements'))
    )
    op.create_table('announcement_updates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('announcement_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('final', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['announcement_id'], ['announcements.id'], name=op.f('fk_announcement_updates_announcement_id_announcements')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_announcement_updates'))
    )
    with op.batch_alter_table('announcement_updates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_announcement_updates_announcement_id'), ['announcement_id'], unique=False)

def downgrade() -> None:

    with op.batch_alter_table('announcement_updates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_announcement_updates_announcement_id'))

    op.drop_table('announcement_updates')
    op.drop_table('announcements')

