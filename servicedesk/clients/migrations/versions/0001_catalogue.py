"""catalogue: clients and their channel bindings

Revision ID: 0001
Revises:
Create Date: 2026-11-27 20:04:26.211978
"""

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('clients',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('database_url', sa.Text(), nullable=False),
    sa.Column('contact_email', sa.String(length=254), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clients')),
    sa.UniqueConstraint('slug', name=op.f('uq_clients_slug'))
    )
    op.create_table('channel_bindings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('external_id', sa.String(length=200), nullable=False),
    sa.CheckConstraint("kind IN ('slack_team', 'teams_tenant', 'webchat_key', 'rest')",
                       name=op.f('ck_channel_bindings_kind')),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_channel_bindings_client_id_clients')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_channel_bindings')),
    sa.UniqueConstraint('kind', 'external_id', name=op.f('uq_channel_bindings_kind_external_id'))
    )
    with op.batch_alter_table('channel_bindings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_channel_bindings_client_id'), ['client_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('channel_bindings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_channel_bindings_client_id'))

    op.drop_table('channel_bindings')
    op.drop_table('clients')
