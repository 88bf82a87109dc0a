"""outbox_message: bodies encrypted at rest (sealed_payload), dropped once not needed

The plain JSON ``payload`` held every candidate link and results URL for ever. It becomes
``sealed_payload``, a Fernet token of the same JSON (app.security.tokens, keyed by
ENCRYPTION_KEY or SECRET_KEY). Bodies of rows already delivered are dropped (those kept
for the development mailbox excepted); failed rows keep theirs, counted as failed now, so
``assay outbox retry`` works OUTBOX_KEEP_FAILED_DAYS from here. ``recipient`` (address or
callback host) stays readable for operators.

Downgrade decrypts the kept bodies back into ``payload``; dropped ones come back as ``{}``
(with the recipient's address for an email): they cannot be recovered.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 10:00:00.000000

"""
import json
from datetime import UTC, datetime
from urllib.parse import urlsplit

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

BATCH = 500

outbox = sa.table(
    'outbox_message',
    sa.column('id', sa.Integer()),
    sa.column('kind', sa.String()),
    sa.column('payload', sa.JSON()),
    sa.column('sealed_payload', sa.Text()),
    sa.column('recipient', sa.String()),
    sa.column('status', sa.String()),
    sa.column('transport', sa.String()),
    sa.column('failed_at', sa.DateTime(timezone=True)),
    sa.column('body_dropped_at', sa.DateTime(timezone=True)),
)


def upgrade():
    # The app's encryption (the migration runs in the app context via Flask-Migrate).
    from app.security.tokens import encrypt

    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sealed_payload', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('recipient', sa.String(length=320), nullable=True))
        batch_op.add_column(sa.Column('failed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('body_dropped_at', sa.DateTime(timezone=True), nullable=True))

    conn = op.get_bind()
    now = _now(conn)
    for row in _rows(conn, outbox.c.payload):
        payload = row.payload if isinstance(row.payload, dict) else {}
        keep = row.status != 'sent' or row.transport == 'devmail'
        conn.execute(
            outbox.update().where(outbox.c.id == row.id).values(
                sealed_payload=encrypt(json.dumps(payload, separators=(',', ':'))) if keep else None,
                body_dropped_at=None if keep else now,
                recipient=_recipient(payload),
                failed_at=now if row.status == 'failed' else None,
            )
        )

    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_column('payload')
        batch_op.create_check_constraint(
            'pending_has_body', "status != 'pending' OR sealed_payload IS NOT NULL")


def downgrade():
    from app.security.tokens import decrypt

    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_constraint('pending_has_body', type_='check')
        batch_op.add_column(sa.Column('payload', sa.JSON(), nullable=True))

    conn = op.get_bind()
    for row in _rows(conn, outbox.c.sealed_payload, outbox.c.recipient):
        if row.sealed_payload is not None:
            payload = json.loads(decrypt(row.sealed_payload))
        else:
            payload = {'to': row.recipient} if row.kind == 'email' and row.recipient else {}
        conn.execute(outbox.update().where(outbox.c.id == row.id).values(payload=payload))

    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.alter_column('payload', existing_type=sa.JSON(), nullable=False)
        batch_op.drop_column('body_dropped_at')
        batch_op.drop_column('failed_at')
        batch_op.drop_column('recipient')
        batch_op.drop_column('sealed_payload')


def _rows(conn, *columns):
    """Every row, a batch at a time by id (a big outbox need not fit in memory)."""
    last_id = 0
    while True:
        rows = conn.execute(
            sa.select(outbox.c.id, outbox.c.kind, outbox.c.status, outbox.c.transport, *columns)
            .where(outbox.c.id > last_id).order_by(outbox.c.id).limit(BATCH)
        ).all()
        if not rows:
            return
        yield from rows
        last_id = rows[-1].id


def _now(conn):
    # SQLite keeps naive UTC (as the app's UTCDateTime does); PostgreSQL a timestamptz.
    now = datetime.now(UTC)
    return now.replace(tzinfo=None) if conn.dialect.name == 'sqlite' else now


def _recipient(payload):
    """The same as app.services.outbox.recipient_of, frozen here: an address, or a host."""
    if payload.get('to'):
        return str(payload['to'])[:320]
    try:
        parts = urlsplit(str(payload.get('url') or ''))
        host, port = parts.hostname, parts.port
    except ValueError:
        return None
    if not host:
        return None
    return f'{host}:{port}' if port else host
