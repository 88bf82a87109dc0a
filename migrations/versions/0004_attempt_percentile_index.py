"""attempt (test_id, state, score_percent) index: percentile counts without heap reads

Greenhouse's test_status ranks a completed attempt among the completed attempts of the
same test version on every poll; with this index the counts are index-only scans.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 15:00:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.create_index('ix_attempt_test_state_score',
                              ['test_id', 'state', 'score_percent'], unique=False)


def downgrade():
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.drop_index('ix_attempt_test_state_score')
