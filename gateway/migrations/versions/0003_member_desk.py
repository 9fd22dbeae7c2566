"""用户管理: members count their logins and carry a must-change-password flag after a reset; the login log is
searchable per member (login history and counts).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05 16:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('members', sa.Column('login_count', sa.Integer(), server_default='0', nullable=False))
    op.add_column('members', sa.Column('must_change_password', sa.Boolean(), server_default='false',
                                       nullable=False))
    op.create_index('ix_login_logs_kind_user', 'login_logs', ['kind', 'user_id', 'id'], unique=False)
    # Logins made before the counter existed count too (a logout is logged as a success with a reason).
    op.execute(
        "UPDATE members SET login_count = counted.n FROM ("
        " SELECT user_id, count(*) AS n FROM login_logs"
        " WHERE kind = 'member' AND success AND reason = '' AND user_id IS NOT NULL GROUP BY user_id"
        ") AS counted WHERE members.id = counted.user_id"
    )


def downgrade() -> None:
    op.drop_index('ix_login_logs_kind_user', table_name='login_logs')
    op.drop_column('members', 'must_change_password')
    op.drop_column('members', 'login_count')
