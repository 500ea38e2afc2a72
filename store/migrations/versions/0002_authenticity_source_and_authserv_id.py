"""Where a mail's authenticity verdict came from; the authserv-id learned per account.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04

``mails.auth_source``: ``dkim-local`` (our own DKIM check), ``authentication-results`` (the
receiving server's header) or ``none``; the verdict is decided once, at first sight, and reparse
keeps it. Mail stored before this revision was judged from the header: marked so.
``accounts.authserv_id``: learned on the first sync; NULL = not learned yet, "" = the server adds
no Authentication-Results.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("mails") as batch:
        batch.add_column(sa.Column("auth_source", sa.Text(), nullable=True))
    with op.batch_alter_table("accounts") as batch:
        batch.add_column(sa.Column("authserv_id", sa.Text(), nullable=True))
    op.execute("UPDATE mails SET auth_source = CASE WHEN authenticity IN ('pass', 'fail') "
               "THEN 'authentication-results' ELSE 'none' END")


def downgrade() -> None:
    with op.batch_alter_table("accounts") as batch:
        batch.drop_column("authserv_id")
    with op.batch_alter_table("mails") as batch:
        batch.drop_column("auth_source")
