"""The `tracker` command line: importing this package registers every command on `cli`."""

from .app import cli, main
from . import cards_cmd, status_cmd, import_cmd, board_cmd, report_cmd  # noqa: F401  (registration)
from . import export_cmd  # noqa: F401  (registration)
from . import edit_cmd  # noqa: F401  (registration)
from . import sync_cmd  # noqa: F401  (registration)
from . import config_cmd  # noqa: F401  (registration)
from . import serve_cmd  # noqa: F401  (registration)

__all__ = ["cli", "main"]
