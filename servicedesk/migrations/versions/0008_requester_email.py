"""tickets.requester_email: the requester's address as a door verified it

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 06:40:00

A person may write from Slack, Teams and a verified web chat; each door names them its own way, and the
e-mail address is what makes them one when their tickets are shown (servicedesk.tickets.access).
"""

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('tickets') as batch:
        batch.add_column(sa.Column('requester_email', sa.String(length=254), nullable=True))
        batch.create_index(batch.f('ix_tickets_requester_email'), ['requester_email'])


def downgrade() -> None:
    with op.batch_alter_table('tickets') as batch:
        batch.drop_index(batch.f('ix_tickets_requester_email'))
        batch.drop_column('requester_email')
