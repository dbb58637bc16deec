"""catalogue: when each agent account last signed in, for the admins to spot accounts nobody uses

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 14:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('agent_accounts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_signed_in_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('agent_accounts', schema=None) as batch_op:
        batch_op.drop_column('last_signed_in_at')
