"""upload_links, ticket_attachments.content_type and .size: the one-time upload links and the stored files

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04 01:50:00

A requester sends trace files and screenshots through a one-time link (servicedesk.uploads, issue 17): each link
offered has its row, spent when it brought a file. Files kept in the client's store are attachments of kind
"stored" whose content type and size, as their content showed them, the agent's download is served with; both
are empty for the links and paths attached before.
"""

import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('upload_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nonce', sa.String(length=64), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('requester', sa.String(length=200), nullable=False),
    sa.Column('offered_by', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_upload_links_ticket_id_tickets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_upload_links')),
    sa.UniqueConstraint('nonce', name=op.f('uq_upload_links_nonce'))
    )
    op.create_index(op.f('ix_upload_links_ticket_id'), 'upload_links', ['ticket_id'], unique=False)
    with op.batch_alter_table('ticket_attachments') as batch:
        batch.add_column(sa.Column('content_type', sa.String(length=100), nullable=True))
        batch.add_column(sa.Column('size', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('ticket_attachments') as batch:
        batch.drop_column('size')
        batch.drop_column('content_type')
    op.drop_index(op.f('ix_upload_links_ticket_id'), table_name='upload_links')
    op.drop_table('upload_links')
