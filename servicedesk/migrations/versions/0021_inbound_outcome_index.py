"""inbound_messages.outcome indexed: the replayer's look for kept messages

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-04 20:15:00

The doors' replayer (bot/replayer.py, issue 18 item 3) asks every few seconds, and after each answered message,
which messages of the journal are kept for replay; without an index that is a scan of a year of messages.
"""

from alembic import op

revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('inbound_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inbound_messages_outcome'), ['outcome'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('inbound_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inbound_messages_outcome'))
