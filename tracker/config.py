"""The config file: defaults a coordinator sets once (database, language, time zone, CalDAV).

`~/.config/tracker/config.toml` (or `$XDG_CONFIG_HOME/tracker/config.toml`, or the file named by
TRACKER_CONFIG), read with tomllib. A command-line option beats an environment variable, which
beats the file, which beats the built-in default; `tracker config` shows what is in force (its
--help has an example file).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .clock import DEFAULT_ZONE, ZONE_ENV
from .errors import UsageError
from .i18n import msg

CONFIG_ENV = "TRACKER_CONFIG"
# setting -> (environment variable, built-in default)
SETTINGS: dict[str, tuple[str, str | None]] = {
    "db": ("TRACKER_DB", "tracker.json"),
    "lang": ("TRACKER_LANG", "vi"),
    "timezone": (ZONE_ENV, DEFAULT_ZONE),
    "caldav.url": ("TRACKER_CALDAV_URL", None),
    "caldav.user": ("TRACKER_CALDAV_USER", None),
}
LANGS = ("vi", "en")


def config_path() -> Path:
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV]).expanduser()
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "tracker" / "config.toml"


@dataclass
class Config:
    """The file's values by setting name ("caldav.url"), and the file they came from."""

    path: Path
    values: dict[str, str] = field(default_factory=dict)
    exists: bool = False

    def file_value(self, name: str) -> str | None:
        return self.values.get(name)

    def resolve(self, name: str, given: Any = None) -> tuple[Any, str]:
        """(value, where it came from): the option, the environment, the file or the default."""
        env, default = SETTINGS[name]
        if given is not None:
            return given, "option"
        if os.environ.get(env):
            return os.environ[env], f"environment ({env})"
        if name in self.values:
            return self.values[name], f"config file ({self.path})"
        return default, "default"


def load_config() -> Config:
    """Read and check the config file; a missing file is an empty config, a broken one a UsageError."""
    path = config_path()
    if not path.is_file():
        if os.environ.get(CONFIG_ENV):
            raise UsageError(msg("The config file {path} named by {env} does not exist.", path=path, env=CONFIG_ENV),
                             msg("Create it or unset {env}.", env=CONFIG_ENV))
        return Config(path)
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(msg("Cannot read the config file {path}: {detail}.", path=path, detail=exc),
                         msg("Check its permissions and encoding.")) from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(msg("The config file {path} is not valid TOML: {detail}.", path=path, detail=exc),
                         msg('Write settings as name = "value", for example lang = "vi".')) from None
    values: dict[str, str] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            for sub, item in value.items():
                values[f"{key}.{sub}"] = item
        else:
            values[key] = value
    unknown = sorted(set(values) - set(SETTINGS))
    if unknown:
        raise UsageError(msg("The config file {path} has unknown settings: {names}.", path=path,
                             names=", ".join(unknown)),
                         msg("Known settings: {names}.", names=", ".join(sorted(SETTINGS))))
    for name, value in values.items():
        if not isinstance(value, str) or not value.strip():
            raise UsageError(msg("The setting {name} in {path} must be a non-empty string.", name=name, path=path),
                             msg('Write it as {key} = "…".', key=name.split(".")[-1]))
    if "lang" in values and values["lang"] not in LANGS:
        raise UsageError(msg("lang = {value} in {path} is not a language of the tracker.",
                             value=repr(values["lang"]), path=path),
                         msg('Use lang = "vi" or lang = "en".'))
    if "timezone" in values:
        from .clock import zone_by_name

        try:
            zone_by_name(values["timezone"])
        except ValueError:
            raise UsageError(msg("timezone = {value} in {path} is not a time zone.", value=repr(values["timezone"]),
                                 path=path),
                             msg('Use an IANA name such as "Asia/Ho_Chi_Minh" or an offset such as "+07:00".')) from None
    if "db" in values:
        values["db"] = str(Path(values["db"]).expanduser())
    return Config(path, values, True)
