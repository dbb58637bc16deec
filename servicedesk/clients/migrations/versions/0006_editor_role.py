"""catalogue: the editor role, for the KB editors who improve a client's level 1 from the console's studio

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 01:30:00
"""

from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('agent_accounts', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_agent_accounts_role'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_agent_accounts_role'),
                                         "role IN ('agent', 'editor', 'lead', 'admin')")


def downgrade() -> None:
    with op.batch_alter_table('agent_accounts', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_agent_accounts_role'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_agent_accounts_role'), "role IN ('agent', 'lead', 'admin')")
