"""conversations, takeovers and announcement posts

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 18:30:08.362429
"""

import sqlalchemy as sa
from alembic import op


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('conversations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('requester', sa.String(length=200), nullable=False),
    sa.Column('address', sa.JSON(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conversations')),
    sa.UniqueConstraint('key', name=op.f('uq_conversations_key'))
    )
    with op.batch_alter_table('conversations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conversations_last_seen_at'), ['last_seen_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_conversations_requester'), ['requester'], unique=False)

    op.create_table('inbound_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('event_key', sa.String(length=200), nullable=False),
    sa.Column('conversation_key', sa.String(length=200), nullable=False),
    sa.Column('requester', sa.String(length=200), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('handled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('outcome', sa.String(length=20), nullable=True),
    sa.Column('error', sa.String(length=500), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inbound_messages')),
    sa.UniqueConstraint('channel', 'event_key', name=op.f('uq_inbound_messages_channel'))
    )
    with op.batch_alter_table('inbound_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inbound_messages_conversation_key'), ['conversation_key'], unique=False)

    op.create_table('takeovers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('conversation_key', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('requested_by', sa.String(length=200), nullable=False),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('agent', sa.String(length=200), nullable=True),
    sa.Column('agent_name', sa.String(length=200), nullable=True),
    sa.Column('taken_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('outcome', sa.String(length=20), nullable=True),
    sa.Column('card', sa.JSON(), nullable=False),
    sa.Column('card_key', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_takeovers_ticket_id_tickets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_takeovers')),
    sa.UniqueConstraint('card_key', name=op.f('uq_takeovers_card_key'))
    )
    with op.batch_alter_table('takeovers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_takeovers_conversation_key'), ['conversation_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_takeovers_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_takeovers_ticket_id'), ['ticket_id'], unique=False)

    op.create_table('announcement_posts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('announcement_id', sa.Integer(), nullable=False),
    sa.Column('recipient', sa.String(length=200), nullable=False),
    sa.Column('reference', sa.JSON(), nullable=False),
    sa.Column('posted_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['announcement_id'], ['announcements.id'], name=op.f('fk_announcement_posts_announcement_id_announcements')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_announcement_posts')),
    sa.UniqueConstraint('announcement_id', 'recipient', name=op.f('uq_announcement_posts_announcement_id'))
    )
    with op.batch_alter_table('announcement_posts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_announcement_posts_announcement_id'), ['announcement_id'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('announcement_posts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_announcement_posts_announcement_id'))

    op.drop_table('announcement_posts')
    with op.batch_alter_table('takeovers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_takeovers_ticket_id'))
        batch_op.drop_index(batch_op.f('ix_takeovers_status'))
        batch_op.drop_index(batch_op.f('ix_takeovers_conversation_key'))

    op.drop_table('takeovers')
    with op.batch_alter_table('inbound_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inbound_messages_conversation_key'))

    op.drop_table('inbound_messages')
    with op.batch_alter_table('conversations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conversations_requester'))
        batch_op.drop_index(batch_op.f('ix_conversations_last_seen_at'))

    op.drop_table('conversations')

