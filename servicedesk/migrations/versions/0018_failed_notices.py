"""notifications.failed_at: a notice its channel refused for good

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04 02:00:00

A mail server's permanent refusal (5xx: no such mailbox, rejected content) would be refused at every retry: the
e-mail door marks the row failed with the server's reply instead (bot/mail/outlet.py), and the outbox reads such
a row as neither delivered nor waiting. Rows written before have none.
"""

import sqlalchemy as sa
from alembic import op

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('notifications') as batch:
        batch.add_column(sa.Column('failed_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('notifications') as batch:
        batch.drop_column('failed_at')
