"""The `tracker` command line: `cli` loads each command's module when the command runs (app.COMMANDS)."""

from .app import cli, main

__all__ = ["cli", "main"]
