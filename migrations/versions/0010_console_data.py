"""What the console keeps: organization settings (expiry, reminders, results sign-in),
an invitation's score, first opening, reminder, results-link version, sender and reviewer,
its history of team actions (invitation_event), every grade per rubric criterion (grade),
and which invitation an outbox message is about

Existing data: invitations get the mean score of their finished tests; every grade already
given becomes its first grade row, under the name typed then.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 19:20:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('invitation_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('invitation_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('detail', sa.JSON(), nullable=True),
    sa.CheckConstraint("kind IN ('resent', 'extended', 'cancelled', 'reminded', 'results_link_reissued', 'reviewer_assigned')", name=op.f('ck_invitation_event_kind_known')),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_invitation_event_actor_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['invitation_id'], ['invitation.id'], name=op.f('fk_invitation_event_invitation_id_invitation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitation_event'))
    )
    with op.batch_alter_table('invitation_event', schema=None) as batch_op:
        batch_op.create_index('ix_invitation_event_invitation_time', ['invitation_id', 'occurred_at'], unique=False)

    op.create_table('grade',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('points', sa.Double(), nullable=False),
    sa.Column('criterion_points', sa.JSON(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('grader_id', sa.Integer(), nullable=True),
    sa.Column('grader_name', sa.String(length=200), nullable=False),
    sa.Column('graded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['grader_id'], ['user_account.id'], name=op.f('fk_grade_grader_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['response_id'], ['response.id'], name=op.f('fk_grade_response_id_response'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_grade'))
    )
    with op.batch_alter_table('grade', schema=None) as batch_op:
        batch_op.create_index('ix_grade_response_time', ['response_id', 'graded_at'], unique=False)

    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('score_percent', sa.Double(), nullable=True))
        batch_op.add_column(sa.Column('opened_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('reminder_sent_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('results_link_version', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('created_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('reviewer_id', sa.Integer(), nullable=True))
        batch_op.create_index('ix_invitation_org_score', ['organization_id', 'score_percent'], unique=False)
        batch_op.create_index('ix_invitation_org_status', ['organization_id', 'status'], unique=False)
        batch_op.create_index('ix_invitation_reviewer', ['reviewer_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_invitation_created_by_id_user_account'), 'user_account', ['created_by_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_invitation_reviewer_id_user_account'), 'user_account', ['reviewer_id'], ['id'], ondelete='SET NULL')
        batch_op.create_check_constraint('results_link_version_positive', 'results_link_version >= 1')

    with op.batch_alter_table('organization', schema=None) as batch_op:
        batch_op.add_column(sa.Column('invitation_valid_days', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('reminder_hours_before', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('results_sign_in_required', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.create_check_constraint('valid_days_range', 'invitation_valid_days IS NULL OR (invitation_valid_days >= 1 AND invitation_valid_days <= 365)')
        batch_op.create_check_constraint('reminder_hours_range', 'reminder_hours_before IS NULL OR (reminder_hours_before >= 1 AND reminder_hours_before <= 720)')

    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('invitation_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_outbox_message_invitation_id'), ['invitation_id'], unique=False)
        batch_op.create_index('ix_outbox_org_created', ['organization_id', 'created_at'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_outbox_message_invitation_id_invitation'), 'invitation', ['invitation_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.create_index('ix_attempt_completed_at', ['completed_at'], unique=False)

    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.add_column(sa.Column('criterion_points', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('grader_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_response_grader_id_user_account'), 'user_account', ['grader_id'], ['id'], ondelete='SET NULL')

    op.execute(
        "UPDATE invitation SET score_percent = (SELECT ROUND(CAST(AVG(a.score_percent) AS NUMERIC), 4)"
        " FROM attempt a WHERE a.invitation_id = invitation.id AND a.score_percent IS NOT NULL)")
    op.execute(
        "INSERT INTO grade (response_id, points, note, grader_name, graded_at)"
        " SELECT id, manual_points, grader_note, COALESCE(grader_name, ''), graded_at"
        " FROM response WHERE manual_points IS NOT NULL AND graded_at IS NOT NULL")


def downgrade():
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_response_grader_id_user_account'), type_='foreignkey')
        batch_op.drop_column('grader_id')
        batch_op.drop_column('criterion_points')

    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.drop_index('ix_attempt_completed_at')

    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_outbox_message_invitation_id_invitation'), type_='foreignkey')
        batch_op.drop_index('ix_outbox_org_created')
        batch_op.drop_index(batch_op.f('ix_outbox_message_invitation_id'))
        batch_op.drop_column('invitation_id')

    with op.batch_alter_table('organization', schema=None) as batch_op:
        batch_op.drop_constraint('reminder_hours_range', type_='check')
        batch_op.drop_constraint('valid_days_range', type_='check')
        batch_op.drop_column('results_sign_in_required')
        batch_op.drop_column('reminder_hours_before')
        batch_op.drop_column('invitation_valid_days')

    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.drop_constraint('results_link_version_positive', type_='check')
        batch_op.drop_constraint(batch_op.f('fk_invitation_reviewer_id_user_account'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_invitation_created_by_id_user_account'), type_='foreignkey')
        batch_op.drop_index('ix_invitation_reviewer')
        batch_op.drop_index('ix_invitation_org_status')
        batch_op.drop_index('ix_invitation_org_score')
        batch_op.drop_column('reviewer_id')
        batch_op.drop_column('created_by_id')
        batch_op.drop_column('results_link_version')
        batch_op.drop_column('reminder_sent_at')
        batch_op.drop_column('opened_at')
        batch_op.drop_column('score_percent')

    with op.batch_alter_table('grade', schema=None) as batch_op:
        batch_op.drop_index('ix_grade_response_time')

    op.drop_table('grade')
    with op.batch_alter_table('invitation_event', schema=None) as batch_op:
        batch_op.drop_index('ix_invitation_event_invitation_time')

    op.drop_table('invitation_event')
