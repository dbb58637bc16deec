"""client settings

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 20:19:21.719865
"""

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

def upgrade() -> None:

    op.create_table('client_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.String(length=32), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('origin', sa.String(length=500), nullable=False),
    sa.Column('loaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_client_settings')),
    sa.UniqueConstraint('version', name=op.f('uq_client_settings_version'))
    )

def downgrade() -> None:

    op.drop_table('client_settings')

