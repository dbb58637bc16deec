"""catalogue: the accounts' audit trail (sign-ins, refusals, lockouts, sign-outs, account changes)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 18:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'account_events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('kind', sa.String(length=30), nullable=False),
        sa.Column('login', sa.String(length=60), nullable=False),
        sa.Column('account_id', sa.Integer(), nullable=True),
        sa.Column('actor', sa.String(length=60), nullable=True),
        sa.Column('via', sa.String(length=20), nullable=False),
        sa.Column('address', sa.String(length=64), nullable=True),
        sa.Column('detail', sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(['account_id'], ['agent_accounts.id'],
                                name=op.f('fk_account_events_account_id_agent_accounts')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_account_events')),
    )
    with op.batch_alter_table('account_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_account_events_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_account_events_at'), ['at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('account_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_account_events_at'))
        batch_op.drop_index(batch_op.f('ix_account_events_account_id'))
    op.drop_table('account_events')
