"""privacy: the ledger of exports, erasures and purges, tickets.anonymised_at, indexes for the purge

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 12:00:00

Personal data has a lifetime (servicedesk.privacy): the supervisor deletes old conversations and journal rows
and anonymises old closed tickets, finding them by age, and records every purge, export and erasure.
"""

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

_BY_AGE = (('tickets', 'closed_at'), ('inbound_messages', 'received_at'), ('nlu_inbox', 'received_at'),
           ('notifications', 'created_at'))


def upgrade() -> None:
    op.create_table('privacy_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('person', sa.String(length=254), nullable=True),
    sa.Column('actor', sa.String(length=200), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_privacy_requests')),
    )
    op.create_index('ix_privacy_requests_kind_at', 'privacy_requests', ['kind', 'at'], unique=False)
    with op.batch_alter_table('tickets') as batch:
        batch.add_column(sa.Column('anonymised_at', sa.DateTime(timezone=True), nullable=True))
    for table, column in _BY_AGE:
        op.create_index(f'ix_{table}_{column}', table, [column], unique=False)


def downgrade() -> None:
    for table, column in _BY_AGE:
        op.drop_index(f'ix_{table}_{column}', table_name=table)
    with op.batch_alter_table('tickets') as batch:
        batch.drop_column('anonymised_at')
    op.drop_index('ix_privacy_requests_kind_at', table_name='privacy_requests')
    op.drop_table('privacy_requests')
