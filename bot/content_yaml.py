"""YAML loading that does not guess: `no`, `yes`, `on` and `off` stay strings, as in YAML 1.2."""

from __future__ import annotations

import contextlib
import hashlib
import io
import marshal
import re
from pathlib import Path
from typing import Any

import yaml

# libyaml's parser where PyYAML was built with it: content/ reads several times faster.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Yaml12Loader(_SafeLoader):  # type: ignore[valid-type,misc]
    pass


# Drop YAML 1.1's bool resolver (yes/no/on/off) and keep only true/false.
_Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in _SafeLoader.yaml_implicit_resolvers.items()
}
_Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


class YamlSyntaxError(ValueError):
    pass


# A file's parse, marshalled, by the SHA-256 of its bytes: the same bytes always parse the same,
# so content loaded again (a test, `eckbot serve` after a restart: bot/startup_cache.py) skips
# the parser. Each load unmarshals afresh: no caller shares, or can change, another's data.
_parsed: dict[bytes, bytes] = {}


def load_yaml(path: Path) -> Any:
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).digest()
    known = _parsed.get(digest)
    if known is not None:
        return marshal.loads(known)
    try:
        stream = io.StringIO(raw.decode("utf-8"))
        stream.name = str(path)  # YAML's messages name the file
        data = yaml.load(stream, Loader=_Yaml12Loader)
    except UnicodeDecodeError as error:
        raise YamlSyntaxError(f"not UTF-8 text ({error.reason} at byte {error.start})") from error
    except yaml.YAMLError as error:
        raise YamlSyntaxError(str(error)) from error
    # a date, say, is not plain data for marshal: such a file is parsed each time
    with contextlib.suppress(ValueError):
        _parsed[digest] = marshal.dumps(data)
    return data


def parsed_so_far() -> dict[bytes, bytes]:
    return dict(_parsed)


def remember_parsed(parsed: dict[bytes, bytes]) -> None:
    _parsed.update({k: v for k, v in parsed.items() if isinstance(k, bytes) and isinstance(v, bytes)})
