"""approvals: the approver steps of service requests, asked, reminded, escalated and decided once

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04 02:10:00

A catalogue item may need its requester's manager or an approver group to say yes first (issue 16,
servicedesk.approvals): each step is a row, with the addresses that may decide it, when to remind and escalate
a silent approver, and who decided, when, how and why.
"""

import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('approvals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('item', sa.String(length=60), nullable=False),
    sa.Column('step', sa.Integer(), nullable=False),
    sa.Column('approver_kind', sa.String(length=120), nullable=False),
    sa.Column('approvers', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('nonce', sa.String(length=32), nullable=False),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('remind_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('escalate_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reminded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('escalated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('escalated_to', sa.JSON(), nullable=False),
    sa.Column('decided_by', sa.String(length=254), nullable=True),
    sa.Column('decided_via', sa.String(length=20), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('ticket_id', 'step')
    )
    with op.batch_alter_table('approvals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_approvals_ticket_id'), ['ticket_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_approvals_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_approvals_remind_at'), ['remind_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_approvals_escalate_at'), ['escalate_at'], unique=False)


def downgrade() -> None:
    op.drop_table('approvals')
