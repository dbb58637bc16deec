"""kb_misses: the searches of the client's KB that found nothing confident

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-04 02:10:00

The editors' gaps page (issue 15 item 2) groups what users asked that the KB did not answer; a search that found
nothing and led to no ticket (a how-to given up on) was recorded nowhere (servicedesk/kb_misses/).
"""

import sqlalchemy as sa
from alembic import op

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'kb_misses',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('conversation_id', sa.String(length=200), nullable=False),
        sa.Column('query', sa.Text(), nullable=False),
        sa.Column('query_key', sa.String(length=64), nullable=False),
        sa.Column('language', sa.String(length=8), nullable=False),
        sa.Column('best_doc', sa.String(length=120), nullable=True),
        sa.Column('best_score', sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_kb_misses')),
        sa.UniqueConstraint('conversation_id', 'query_key', name=op.f('uq_kb_misses_conversation_id')),
    )
    with op.batch_alter_table('kb_misses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kb_misses_at'), ['at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('kb_misses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kb_misses_at'))
    op.drop_table('kb_misses')
