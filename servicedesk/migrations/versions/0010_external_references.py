"""tickets.external_ref and tickets.external_system: the reference a ticket had in the client's previous tool

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 09:00:00

A client moving to the desk brings its open and recent tickets (python -m servicedesk tickets import), and its
users keep quoting the old references ("INC0012345", "SR-20931", "ticket 815"): the reference is stored, unique
when given, and indexed so that finding a ticket by it costs what finding one by number costs.
"""

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('tickets') as batch:
        batch.add_column(sa.Column('external_ref', sa.String(length=60), nullable=True))
        batch.add_column(sa.Column('external_system', sa.String(length=40), nullable=True))
        batch.create_index(batch.f('ix_tickets_external_ref'), ['external_ref'], unique=True)


def downgrade() -> None:
    with op.batch_alter_table('tickets') as batch:
        batch.drop_index(batch.f('ix_tickets_external_ref'))
        batch.drop_column('external_system')
        batch.drop_column('external_ref')
