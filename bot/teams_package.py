"""eckbot teams-package: the Teams app package (a zip) from deploy/teams/, checked before it is written.

The template's strings carry placeholders such as ${{APP_ID}}; the filled manifest and every
localization file are validated against Microsoft's schemas (vendored, unchanged, in
deploy/teams/schemas/; nothing is fetched), and the icons are checked: PNG, their sizes, and the
outline white on transparent. Nothing is written unless every check passes.
"""

from __future__ import annotations

import json
import re
import struct
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SOURCE = Path(__file__).resolve().parent.parent / "deploy" / "teams"
MANIFEST = "manifest.json"
MANIFEST_SCHEMA = "schemas/MicrosoftTeams.v1.22.schema.json"
LOCALIZATION_SCHEMA = "schemas/MicrosoftTeams.Localization.v1.22.schema.json"
PROGRAM_SITE = "https://www.eck-id.nl/"  # privacy and terms until the operator gives its own
ICON_SIZES = {"color": (192, 192), "outline": (32, 32)}
PLACEHOLDER = re.compile(r"\$\{\{([A-Z_]+)\}\}")
GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
HOST = re.compile(
    r"^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$", re.IGNORECASE
)
SEMVER = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_ZIP_TIME = (2026, 1, 1, 0, 0, 0)  # the same input gives the same zip, byte for byte


class PackageError(Exception):
    """The package cannot be made; each problem names the file or the argument."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class PackageRequest:
    app_id: str
    domain: str
    version: str = "1.0.0"
    privacy_url: str | None = None
    terms_url: str | None = None


def argument_problems(request: PackageRequest) -> list[str]:
    problems = []
    if not GUID.fullmatch(request.app_id):
        problems.append(
            f"--app-id {request.app_id!r} is not a GUID: give the Application (client) ID of the "
            "bot's Entra app registration, e.g. 6f1c2a3b-1234-4cde-9f00-0123456789ab"
        )
    if not HOST.fullmatch(request.domain):
        problems.append(
            f"--domain {request.domain!r} is not a host name: give only the host where the bot "
            "runs, without https://, port or path, e.g. eckbot.example.nl"
        )
    if not SEMVER.fullmatch(request.version):
        problems.append(f"--version {request.version!r} is not a version like 1.0.0 (major.minor.patch)")
    for option, url in (("--privacy-url", request.privacy_url), ("--terms-url", request.terms_url)):
        if url is not None and not url.startswith("https://"):
            problems.append(f"{option} {url!r} must be an https:// address")
    return problems


def placeholder_values(request: PackageRequest) -> dict[str, str]:
    return {
        "APP_ID": request.app_id.lower(),
        "DOMAIN": request.domain.lower(),
        "VERSION": request.version,
        "PRIVACY_URL": request.privacy_url or PROGRAM_SITE,
        "TERMS_URL": request.terms_url or request.privacy_url or PROGRAM_SITE,
    }


def fill(node: Any, values: Mapping[str, str]) -> Any:
    """The template with every ${{NAME}} replaced; an unknown name is a KeyError naming it."""
    if isinstance(node, str):
        return PLACEHOLDER.sub(lambda match: values[match.group(1)], node)
    if isinstance(node, list):
        return [fill(item, values) for item in node]
    if isinstance(node, dict):
        return {key: fill(value, values) for key, value in node.items()}
    return node


def schema_problems(document: Any, schema: Mapping[str, Any], name: str) -> list[str]:
    """Validation against the schema's own draft (draft-04 for Teams); no reference is fetched."""
    import referencing  # here, not at the top: `eckbot serve` starts without loading jsonschema
    from jsonschema.validators import validator_for

    validator_class = validator_for(schema)
    validator = validator_class(schema, registry=referencing.Registry())
    errors = sorted(validator.iter_errors(document), key=lambda error: list(error.absolute_path))
    return [f"{name}: {error.json_path}: {error.message}" for error in errors]


def localization_problems(manifest: Any, strings: Mapping[str, Any], name: str) -> list[str]:
    """Each translated key (bots[0].commandLists[1].commands[2].title) must name a text in the manifest."""
    problems = []
    for key in strings:
        if key.startswith("$") or key == "localizationKeys":
            continue
        node: Any = manifest
        for part in re.findall(r"\w+|\[\d+\]", key):
            node = _step(node, part)
        if not isinstance(node, str):
            problems.append(f"{name}: {key!r} names no text in {MANIFEST}")
    return problems


def _step(node: Any, part: str) -> Any:
    if part.startswith("["):
        index = int(part[1:-1])
        return node[index] if isinstance(node, list) and index < len(node) else None
    return node.get(part) if isinstance(node, dict) else None


@dataclass(frozen=True)
class Png:
    width: int
    height: int
    bit_depth: int
    color_type: int
    interlaced: bool
    data: bytes  # the IDAT chunks joined, still compressed


def read_png(data: bytes, name: str) -> Png:
    if not data.startswith(PNG_SIGNATURE):
        raise PackageError([f"{name}: not a PNG file"])
    position, header, idat = len(PNG_SIGNATURE), b"", []
    while position + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat.append(body)
        position += 12 + length
    if len(header) != 13:
        raise PackageError([f"{name}: the PNG has no IHDR chunk"])
    width, height, depth, color_type, _, _, interlace = struct.unpack(">IIBBBBB", header)
    return Png(width, height, depth, color_type, interlace == 1, b"".join(idat))


_CHANNELS = {4: 2, 6: 4}  # grey + alpha, RGBA: the colour types that can be transparent per pixel


def rgba_pixels(png: Png, name: str) -> list[tuple[int, int, int, int]]:
    """Every pixel as RGBA, for an 8-bit non-interlaced PNG with an alpha channel."""
    channels = _CHANNELS.get(png.color_type)
    if channels is None or png.bit_depth != 8 or png.interlaced:
        raise PackageError([f"{name}: must be an 8-bit RGBA (or grey + alpha) PNG, not interlaced"])
    raw = zlib.decompress(png.data)
    stride = png.width * channels
    previous = bytearray(stride)
    pixels = []
    for row in range(png.height):
        start = row * (stride + 1)
        line = _unfilter(raw[start], bytearray(raw[start + 1 : start + 1 + stride]), previous, channels)
        for x in range(0, stride, channels):
            if channels == 4:
                pixels.append((line[x], line[x + 1], line[x + 2], line[x + 3]))
            else:
                pixels.append((line[x], line[x], line[x], line[x + 1]))
        previous = line
    return pixels


def _unfilter(kind: int, line: bytearray, previous: bytearray, bpp: int) -> bytearray:
    for i in range(len(line)):
        left = line[i - bpp] if i >= bpp else 0
        up = previous[i]
        corner = previous[i - bpp] if i >= bpp else 0
        if kind == 1:
            line[i] = (line[i] + left) & 0xFF
        elif kind == 2:
            line[i] = (line[i] + up) & 0xFF
        elif kind == 3:
            line[i] = (line[i] + (left + up) // 2) & 0xFF
        elif kind == 4:
            estimate = left + up - corner
            pa, pb, pc = abs(estimate - left), abs(estimate - up), abs(estimate - corner)
            nearest = left if pa <= pb and pa <= pc else up if pb <= pc else corner
            line[i] = (line[i] + nearest) & 0xFF
    return line


def icon_problems(icons: Mapping[str, tuple[str, bytes]]) -> list[str]:
    """Sizes from IHDR (color 192x192, outline 32x32); the outline only white or fully transparent."""
    problems = []
    for role, (file_name, data) in icons.items():
        try:
            png = read_png(data, file_name)
            expected = ICON_SIZES[role]
            if (png.width, png.height) != expected:
                problems.append(
                    f"{file_name}: the {role} icon must be {expected[0]}x{expected[1]}, "
                    f"not {png.width}x{png.height}"
                )
            elif role == "outline":
                stray = sum(
                    1 for r, g, b, a in rgba_pixels(png, file_name) if a and (r, g, b) != (255, 255, 255)
                )
                if stray:
                    problems.append(
                        f"{file_name}: the outline icon must be white on transparent; "
                        f"{stray} pixels have another colour"
                    )
        except (PackageError, zlib.error, IndexError) as error:
            problems.extend(error.problems if isinstance(error, PackageError) else [f"{file_name}: {error}"])
    return problems


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PackageError([f"{path}: file is missing"]) from None
    except json.JSONDecodeError as error:
        raise PackageError([f"{path}: not valid JSON: {error}"]) from None


def build_package(request: PackageRequest, source: Path = SOURCE) -> dict[str, bytes]:
    """The zip's files by name, each checked; a PackageError lists every problem found."""
    template = _read_json(source / MANIFEST)
    try:
        manifest = fill(template, placeholder_values(request))
    except KeyError as error:
        raise PackageError([f"{source / MANIFEST}: unknown placeholder ${{{{{error.args[0]}}}}}"]) from None
    problems = schema_problems(manifest, _read_json(source / MANIFEST_SCHEMA), MANIFEST)
    files = {MANIFEST: (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode()}
    localization_schema = _read_json(source / LOCALIZATION_SCHEMA)
    languages = manifest.get("localizationInfo", {}).get("additionalLanguages", [])
    for language in languages if isinstance(languages, list) else []:
        name = str(language.get("file", ""))
        strings = _read_json(source / name)
        problems += schema_problems(strings, localization_schema, name)
        problems += localization_problems(manifest, strings, name) if isinstance(strings, dict) else []
        files[name] = (source / name).read_bytes()
    icons = {}
    for role in ICON_SIZES:
        name = str(manifest.get("icons", {}).get(role, ""))
        if not (source / name).is_file():
            problems.append(f"{source / name}: the {role} icon is missing")
            continue
        icons[role] = (name, (source / name).read_bytes())
        files[name] = icons[role][1]
    problems += icon_problems(icons)
    if problems:
        raise PackageError(problems)
    return files


def write_zip(files: Mapping[str, bytes], out: Path) -> None:
    """The files at the zip's root; written beside `out` first, so a failure leaves no half zip."""
    partial = out.with_name(out.name + ".partial")
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, data in files.items():
                archive.writestr(zipfile.ZipInfo(name, date_time=_ZIP_TIME), data, zipfile.ZIP_DEFLATED)
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)


def add_command(commands: Any) -> None:
    """The `teams-package` subcommand's arguments, on the CLI's subparsers."""
    command = commands.add_parser(
        "teams-package", help="write the Teams app package (zip) for a bot's app id and domain"
    )
    command.add_argument("--app-id", required=True, help="the bot's Entra app id (a GUID)")
    command.add_argument("--domain", required=True, help="the host the bot runs on, e.g. eckbot.example.nl")
    command.add_argument("--version", default="1.0.0", help="the app's version; raise it for every update")
    command.add_argument("--out", default="eckbot-teams.zip", help="where to write the zip")
    command.add_argument("--privacy-url", default=None, help="your privacy statement (https)")
    command.add_argument("--terms-url", default=None, help="your terms of use (https)")
    command.add_argument("--source", default=str(SOURCE), help="the template folder (deploy/teams)")


def run(args: Any, out: Any, err: Any) -> int:
    """2 for bad arguments, 1 for a template or icon that fails its checks; no zip unless all pass."""
    request = PackageRequest(args.app_id, args.domain, args.version, args.privacy_url, args.terms_url)
    problems = argument_problems(request)
    source = Path(args.source)
    if not (source / MANIFEST).is_file():
        problems.append(f"--source {source}: no {MANIFEST} here; run from a checkout or pass deploy/teams")
    if problems:
        print("eckbot teams-package: nothing written:", *(f"  - {p}" for p in problems), sep="\n", file=err)
        return 2
    try:
        files = build_package(request, source)
    except PackageError as error:
        print("eckbot teams-package: the package does not pass its checks; nothing written:", file=err)
        print(*(f"  - {p}" for p in error.problems), sep="\n", file=err)
        return 1
    write_zip(files, Path(args.out))
    print(f"written: {args.out} ({', '.join(files)}); upload it in Teams: Apps > Manage your apps", file=out)
    return 0
