"""Drop user_account and response.graded_by_id: accounts nothing used yet

The table and the column were made ahead of a signed-in console that does not exist;
nothing ever wrote a row or a value. The console brings accounts back, shaped by what it
needs, in a migration of its own. Who graded an essay stays in response.grader_name.

Downgrade makes both again, empty.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 14:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    # Batch mode: SQLite cannot ALTER most things in place; PostgreSQL runs a plain ALTER.
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.drop_constraint('fk_response_graded_by_id_user_account', type_='foreignkey')
        batch_op.drop_column('graded_by_id')
    op.drop_table('user_account')


def downgrade():
    op.create_table('user_account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('password_hash', sa.String(length=300), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("role IN ('admin', 'reviewer')", name=op.f('ck_user_account_role_known')),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_user_account_organization_id_organization'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_account')),
    sa.UniqueConstraint('email', name=op.f('uq_user_account_email'))
    )
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.add_column(sa.Column('graded_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_response_graded_by_id_user_account', 'user_account',
                                    ['graded_by_id'], ['id'])
