"""organization.language: the language of the emails the hiring team gets

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 02:42:03.067028

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('organization', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=5), server_default='en', nullable=False))
        batch_op.create_check_constraint('language_known', "language IN ('en', 'uk', 'ru')")


def downgrade():
    with op.batch_alter_table('organization', schema=None) as batch_op:
        batch_op.drop_constraint('language_known', type_='check')
        batch_op.drop_column('language')
