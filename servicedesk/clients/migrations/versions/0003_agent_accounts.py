"""catalogue: the desk's agent accounts for the console, and the clients and groups each works on

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 14:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'agent_accounts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('login', sa.String(length=60), nullable=False),
        sa.Column('display_name', sa.String(length=200), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('role', sa.String(length=10), nullable=False),
        sa.Column('password_hash', sa.String(length=255), nullable=True),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('session_epoch', sa.Integer(), nullable=False),
        sa.Column('oidc_issuer', sa.String(length=255), nullable=True),
        sa.Column('oidc_subject', sa.String(length=255), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('disabled_at', sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("role IN ('agent', 'lead', 'admin')", name=op.f('ck_agent_accounts_role')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_agent_accounts')),
        sa.UniqueConstraint('email', name=op.f('uq_agent_accounts_email')),
        sa.UniqueConstraint('login', name=op.f('uq_agent_accounts_login')),
        sa.UniqueConstraint('oidc_issuer', 'oidc_subject', name=op.f('uq_agent_accounts_oidc_issuer_oidc_subject')),
    )
    op.create_table(
        'agent_account_grants',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('account_id', sa.Integer(), nullable=False),
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('groups', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['account_id'], ['agent_accounts.id'],
                                name=op.f('fk_agent_account_grants_account_id_agent_accounts')),
        sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_agent_account_grants_client_id_clients')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_agent_account_grants')),
        sa.UniqueConstraint('account_id', 'client_id', name=op.f('uq_agent_account_grants_account_id_client_id')),
    )
    with op.batch_alter_table('agent_account_grants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agent_account_grants_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_agent_account_grants_client_id'), ['client_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('agent_account_grants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agent_account_grants_client_id'))
        batch_op.drop_index(batch_op.f('ix_agent_account_grants_account_id'))
    op.drop_table('agent_account_grants')
    op.drop_table('agent_accounts')
