"""Programs: the program of each coordinator added in chat and of each API token.

Rows from before programs get "", which reads as the default program (the only one, or every
board when ECKBOT_PROGRAMS is empty), so nobody loses or gains access by this migration.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("coordinators", sa.Column("program", sa.String(64), nullable=False, server_default=""))
    op.add_column("api_tokens", sa.Column("program", sa.String(64), nullable=False, server_default=""))


def downgrade() -> None:
    for table in ("api_tokens", "coordinators"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("program")
