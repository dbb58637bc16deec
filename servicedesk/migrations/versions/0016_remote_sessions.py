"""remote_sessions: a remote session asked on a ticket, from the consent question to its end

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-04 01:40:00

An agent asks for hands on the user's machine (servicedesk.remote, issue 17): the row keeps the requester's answer
(who, when), the invitation the tool made and until when, the client's device group and the devices already in it,
the device that joined and its link for the technician, the session code a user read out, and the tool's session
events already logged on the ticket.
"""

import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'remote_sessions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('ticket_id', sa.Integer(), nullable=False),
        sa.Column('provider', sa.String(length=20), nullable=False),
        sa.Column('tool', sa.String(length=60), nullable=False),
        sa.Column('state', sa.String(length=12), nullable=False),
        sa.Column('requested_by', sa.String(length=200), nullable=False),
        sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('answered_by', sa.String(length=200), nullable=True),
        sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('invitation_url', sa.Text(), nullable=True),
        sa.Column('invitation_expires_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('group_ref', sa.String(length=200), nullable=True),
        sa.Column('devices_before', sa.JSON(), nullable=False),
        sa.Column('device_ref', sa.String(length=200), nullable=True),
        sa.Column('device_name', sa.String(length=200), nullable=True),
        sa.Column('device_link', sa.Text(), nullable=True),
        sa.Column('session_code', sa.String(length=120), nullable=True),
        sa.Column('events_seen', sa.JSON(), nullable=False),
        sa.Column('last_error', sa.String(length=300), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_remote_sessions_ticket_id_tickets')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_remote_sessions')),
    )
    with op.batch_alter_table('remote_sessions') as batch:
        batch.create_index(batch.f('ix_remote_sessions_ticket_id'), ['ticket_id'], unique=False)
        batch.create_index(batch.f('ix_remote_sessions_state'), ['state'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('remote_sessions') as batch:
        batch.drop_index(batch.f('ix_remote_sessions_state'))
        batch.drop_index(batch.f('ix_remote_sessions_ticket_id'))
    op.drop_table('remote_sessions')
