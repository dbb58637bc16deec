"""announcements.translations and announcement_updates.translations: the same words in other languages

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 18:10:00

An announcement was written once, in the client's language; the agents' console writes it in French and in
English, and each recipient reads the words of their own language. Both columns hold JSON (language -> words),
empty ({}) for the announcements written before, which read as they always did.
"""

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ('announcements', 'announcement_updates'):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column('translations', sa.JSON(), nullable=False, server_default='{}'))


def downgrade() -> None:
    for table in ('announcement_updates', 'announcements'):
        with op.batch_alter_table(table) as batch:
            batch.drop_column('translations')
