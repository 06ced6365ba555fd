"""JSON text as the tracker writes it for scripts and files: UTF-8, Vietnamese unescaped, sorted keys."""

from __future__ import annotations

from typing import Any

import orjson


def dumps_json(value: Any, *, indent: bool = True) -> str:
    """UTF-8 JSON (Vietnamese unescaped), sorted keys, ISO dates."""
    option = orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS
    if indent:
        option |= orjson.OPT_INDENT_2
    return orjson.dumps(value, option=option).decode("utf-8")
