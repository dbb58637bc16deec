"""people, person_chat_ids: the client's people directory, who is whose manager

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04 01:30:00

Hierarchical escalations and approvals need the requester's manager (issue 16): the client's directory, imported
from a CSV file or its LDAP/Active Directory (servicedesk.people), lives in the client's database with the
rest of its data. A manager is linked by e-mail address; chat ids a person is known under have their own table.
"""

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('people',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=True),
    sa.Column('manager_email', sa.String(length=254), nullable=True),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('source_id', sa.String(length=500), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_people')),
    sa.UniqueConstraint('email', name=op.f('uq_people_email')),
    )
    op.create_index(op.f('ix_people_manager_email'), 'people', ['manager_email'], unique=False)
    op.create_table('person_chat_ids',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('chat_id', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_person_chat_ids_person_id_people'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person_chat_ids')),
    sa.UniqueConstraint('chat_id', name=op.f('uq_person_chat_ids_chat_id')),
    )
    op.create_index(op.f('ix_person_chat_ids_person_id'), 'person_chat_ids', ['person_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_person_chat_ids_person_id'), table_name='person_chat_ids')
    op.drop_table('person_chat_ids')
    op.drop_index(op.f('ix_people_manager_email'), table_name='people')
    op.drop_table('people')
