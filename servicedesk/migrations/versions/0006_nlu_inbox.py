"""nlu inbox: messages the model was unsure about, kept for review

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 16:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('nlu_inbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conversation_id', sa.String(length=200), nullable=False),
    sa.Column('message_key', sa.String(length=200), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('intent', sa.String(length=100), nullable=False),
    sa.Column('confidence', sa.Float(), nullable=False),
    sa.Column('ranking', sa.JSON(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('excerpt', sa.JSON(), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('kept_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('labelled_intent', sa.String(length=100), nullable=True),
    sa.Column('reviewed_by', sa.String(length=200), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nlu_inbox')),
    sa.UniqueConstraint('conversation_id', 'message_key', name=op.f('uq_nlu_inbox_conversation_id'))
    )
    op.create_index(op.f('ix_nlu_inbox_status'), 'nlu_inbox', ['status'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_nlu_inbox_status'), table_name='nlu_inbox')
    op.drop_table('nlu_inbox')
