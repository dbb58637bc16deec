"""directory_syncs: each import of the people directory, and the one running

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-04 19:40:00

Issue 16 left the directory without a schedule or a console page: the supervisor now imports a client's LDAP
directory every `directory.sync_every`, and leads sync it from the console. Each import is a row, with its counts
or its failure, so that the console says when the directory was last read; `running` (unique, NULL once ended)
lets only one import of a client's directory run at a time, whichever replica started it.
"""

import sqlalchemy as sa
from alembic import op

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'directory_syncs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('source', sa.String(length=10), nullable=False),
        sa.Column('trigger', sa.String(length=20), nullable=False),
        sa.Column('actor', sa.String(length=200), nullable=False),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('running', sa.Boolean(), nullable=True),
        sa.Column('outcome', sa.String(length=20), nullable=False),
        sa.Column('created', sa.Integer(), nullable=False),
        sa.Column('updated', sa.Integer(), nullable=False),
        sa.Column('unchanged', sa.Integer(), nullable=False),
        sa.Column('deactivated', sa.Integer(), nullable=False),
        sa.Column('without_manager', sa.Integer(), nullable=False),
        sa.Column('refused', sa.Integer(), nullable=False),
        sa.Column('message', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_directory_syncs')),
        sa.UniqueConstraint('running', name=op.f('uq_directory_syncs_running')),
    )
    with op.batch_alter_table('directory_syncs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_directory_syncs_started_at'), ['started_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('directory_syncs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_directory_syncs_started_at'))
    op.drop_table('directory_syncs')
