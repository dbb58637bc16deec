"""kb_articles and kb_article_versions: the articles editors write in the console's studio, every version kept

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04 01:45:00

An article is edited in the browser (issue 15): each save writes a version with who and when, never changed
afterwards, so that an editor compares two and restores one; the article's row says which version the client's
KB index holds live.
"""

import sqlalchemy as sa
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('kb_articles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('doc_id', sa.String(length=120), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('services', sa.JSON(), nullable=False),
    sa.Column('error_text', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('link', sa.String(length=500), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('published_version', sa.Integer(), nullable=True),
    sa.Column('origin', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kb_articles')),
    sa.UniqueConstraint('doc_id', name=op.f('uq_kb_articles_doc_id'))
    )
    op.create_table('kb_article_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('services', sa.JSON(), nullable=False),
    sa.Column('error_text', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('author', sa.String(length=200), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['kb_articles.id'],
                            name=op.f('fk_kb_article_versions_article_id_kb_articles')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kb_article_versions')),
    sa.UniqueConstraint('article_id', 'number', name=op.f('uq_kb_article_versions_article_id'))
    )
    op.create_index(op.f('ix_kb_article_versions_article_id'), 'kb_article_versions', ['article_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_kb_article_versions_article_id'), table_name='kb_article_versions')
    op.drop_table('kb_article_versions')
    op.drop_table('kb_articles')
