"""response.grader_name: who graded an essay, as typed on the results page

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 12:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    # Batch mode: SQLite cannot ALTER most things in place; PostgreSQL runs a plain ALTER.
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.add_column(sa.Column('grader_name', sa.String(length=200), nullable=True))


def downgrade():
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.drop_column('grader_name')
