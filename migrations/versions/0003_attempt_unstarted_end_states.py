"""attempt.started_has_seed: an unstarted test may expire or be cancelled without a seed

The first schema demanded a seed for every state but not_started, so expiring or
cancelling a test nobody started (no draw, no seed) broke the constraint.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 14:00:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

NAME = 'ck_attempt_started_has_seed'


def upgrade():
    # Batch mode: SQLite rebuilds the table; PostgreSQL drops and adds the constraint.
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.drop_constraint(op.f(NAME), type_='check')
        batch_op.create_check_constraint(
            op.f(NAME), "state IN ('not_started', 'expired', 'cancelled') OR seed IS NOT NULL")


def downgrade():
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.drop_constraint(op.f(NAME), type_='check')
        batch_op.create_check_constraint(op.f(NAME), "state = 'not_started' OR seed IS NOT NULL")
