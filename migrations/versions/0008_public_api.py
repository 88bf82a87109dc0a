"""The public REST API v1: API clients, access tokens, idempotent responses, public test
numbers, and an invitation's gender, API client, status and last change

Existing invitations get the status app.domain.invitation_status gives their attempts
(the same rules written in SQL below) and updated_at = created_at; every bank slug
already loaded gets its public test number, in the order the banks were first loaded.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 16:40:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

# app.domain.invitation_status in SQL, for the invitations that exist before this revision.
_ANY = "EXISTS (SELECT 1 FROM attempt a WHERE a.invitation_id = invitation.id AND a.state {})"
_STATUS = f"""
CASE
  WHEN cancelled_at IS NOT NULL THEN 'cancelled'
  WHEN NOT {_ANY.format("!= 'cancelled'")} THEN 'cancelled'
  WHEN {_ANY.format("= 'in_progress'")} THEN 'started'
  WHEN {_ANY.format("= 'not_started'")} AND {_ANY.format("IN ('awaiting_review', 'completed')")}
    THEN 'started'
  WHEN {_ANY.format("= 'not_started'")} THEN 'sent'
  WHEN {_ANY.format("= 'awaiting_review'")} THEN 'awaiting_review'
  WHEN NOT {_ANY.format("NOT IN ('completed', 'cancelled')")} THEN 'completed'
  ELSE 'expired'
END"""


def _backfill():
    op.execute(f"UPDATE invitation SET status = {_STATUS}, updated_at = created_at")  # noqa: S608  (constant SQL)
    op.execute("INSERT INTO test_number (slug, created_at) SELECT slug, MIN(created_at) FROM test "
               "GROUP BY slug ORDER BY MIN(created_at), slug")


def upgrade():
    op.create_table('test_number',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('slug', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_test_number')),
    sa.UniqueConstraint('slug', name=op.f('uq_test_number_slug')),
    sqlite_autoincrement=True
    )
    op.create_table('api_client',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.String(length=40), nullable=False),
    sa.Column('secret_digest', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('hr_email', sa.String(length=320), nullable=False),
    sa.Column('scope', sa.String(length=200), nullable=False),
    sa.Column('webhook_url', sa.String(length=2000), nullable=True),
    sa.Column('webhook_secret_sealed', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_api_client_organization_id_organization'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_client')),
    sa.UniqueConstraint('client_id', name=op.f('uq_api_client_client_id'))
    )
    with op.batch_alter_table('api_client', schema=None) as batch_op:
        batch_op.create_index('ix_api_client_org', ['organization_id'], unique=False)

    op.create_table('api_access_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('api_client_id', sa.Integer(), nullable=False),
    sa.Column('lookup_id', sa.String(length=24), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('scope', sa.String(length=200), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['api_client_id'], ['api_client.id'], name=op.f('fk_api_access_token_api_client_id_api_client'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_access_token')),
    sa.UniqueConstraint('lookup_id', name=op.f('uq_api_access_token_lookup_id'))
    )
    with op.batch_alter_table('api_access_token', schema=None) as batch_op:
        batch_op.create_index('ix_api_access_token_client', ['api_client_id', 'expires_at'], unique=False)

    op.create_table('api_idempotent_response',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('api_client_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=255), nullable=False),
    sa.Column('request_digest', sa.String(length=64), nullable=False),
    sa.Column('status_code', sa.Integer(), nullable=False),
    sa.Column('body', sa.JSON(), nullable=False),
    sa.Column('location', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('status_code >= 200 AND status_code < 300', name=op.f('ck_api_idempotent_response_success_only')),
    sa.ForeignKeyConstraint(['api_client_id'], ['api_client.id'], name=op.f('fk_api_idempotent_response_api_client_id_api_client'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_idempotent_response')),
    sa.UniqueConstraint('api_client_id', 'key', name=op.f('uq_api_idempotent_response_api_client_id_key'))
    )
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('gender', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('api_client_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('status', sa.String(length=20), server_default='sent', nullable=False))
        batch_op.add_column(sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_check_constraint('gender_known', "gender IS NULL OR gender IN ('Male', 'Female')")
        batch_op.create_check_constraint('status_known', "status IN ('sent', 'started', 'awaiting_review', 'completed', 'expired', 'cancelled')")
        batch_op.create_index('ix_invitation_org_updated', ['organization_id', 'updated_at', 'id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_invitation_api_client_id_api_client'), 'api_client', ['api_client_id'], ['id'], ondelete='SET NULL')

    _backfill()
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.alter_column('updated_at', existing_type=sa.DateTime(timezone=True), nullable=False)


def downgrade():
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_invitation_api_client_id_api_client'), type_='foreignkey')
        batch_op.drop_index('ix_invitation_org_updated')
        batch_op.drop_constraint('status_known', type_='check')
        batch_op.drop_constraint('gender_known', type_='check')
        batch_op.drop_column('updated_at')
        batch_op.drop_column('status')
        batch_op.drop_column('api_client_id')
        batch_op.drop_column('gender')

    op.drop_table('api_idempotent_response')
    with op.batch_alter_table('api_access_token', schema=None) as batch_op:
        batch_op.drop_index('ix_api_access_token_client')

    op.drop_table('api_access_token')
    with op.batch_alter_table('api_client', schema=None) as batch_op:
        batch_op.drop_index('ix_api_client_org')

    op.drop_table('api_client')
    op.drop_table('test_number')
