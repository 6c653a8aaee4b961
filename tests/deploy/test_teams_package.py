"""`eckbot teams-package`: the zip an administrator uploads to Teams, checked as Teams would."""

from __future__ import annotations

import json
import shutil
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator

from bot.cli import main
from bot.content import Content
from bot.teams_package import SOURCE, read_png, rgba_pixels
from dialogs.inputs import match_words
from tests.conftest import SHARED

SCHEMAS = SHARED / "schemas" / "teams"
APP_ID = "6f1c2a3b-1234-4cde-9f00-0123456789ab"
DOMAIN = "eckbot.example.nl"


def package(tmp_path: Path, *extra: str) -> tuple[int, Path]:
    out = tmp_path / "eckbot-teams.zip"
    code = main(["teams-package", "--app-id", APP_ID, "--domain", DOMAIN, "--out", str(out), *extra])
    return code, out


@pytest.fixture
def zipped(tmp_path: Path) -> zipfile.ZipFile:
    code, out = package(tmp_path)
    assert code == 0
    return zipfile.ZipFile(out)


def read_json(archive: zipfile.ZipFile, name: str) -> Any:
    return json.loads(archive.read(name))


def official(name: str) -> Draft4Validator:
    return Draft4Validator(json.loads((SCHEMAS / name).read_text(encoding="utf-8")))


def test_the_zip_holds_exactly_the_manifest_the_localization_and_two_icons(zipped: zipfile.ZipFile) -> None:
    assert sorted(zipped.namelist()) == ["color.png", "en.json", "manifest.json", "outline.png"]


def test_the_manifest_validates_against_microsofts_schema(zipped: zipfile.ZipFile) -> None:
    manifest = read_json(zipped, "manifest.json")
    errors = [e.message for e in official("MicrosoftTeams.v1.22.schema.json").iter_errors(manifest)]
    assert errors == []
    assert manifest["manifestVersion"] == "1.22"


def test_the_english_file_validates_against_the_localization_schema(zipped: zipfile.ZipFile) -> None:
    strings = read_json(zipped, "en.json")
    errors = [
        e.message for e in official("MicrosoftTeams.Localization.v1.22.schema.json").iter_errors(strings)
    ]
    assert errors == []
    assert strings["name.short"] and strings["description.full"]


def test_the_manifest_is_filled_for_this_bot_and_domain(zipped: zipfile.ZipFile) -> None:
    manifest = read_json(zipped, "manifest.json")
    (bot,) = manifest["bots"]
    assert manifest["id"] == bot["botId"] == APP_ID
    assert sorted(bot["scopes"]) == ["groupChat", "personal", "team"]
    assert bot["supportsFiles"] is True, "people send their verwerkersovereenkomst as a file"
    assert manifest["validDomains"] == [DOMAIN]
    assert manifest["version"] == "1.0.0"
    assert manifest["localizationInfo"]["defaultLanguageTag"] == "nl-NL"
    assert manifest["localizationInfo"]["additionalLanguages"] == [{"languageTag": "en", "file": "en.json"}]
    (dashboard,) = [tab for tab in manifest["staticTabs"] if tab["entityId"] == "dashboard"]
    assert dashboard["contentUrl"] == f"https://{DOMAIN}/dashboard"
    assert dashboard["scopes"] == ["personal"]
    assert "${{" not in json.dumps(manifest)


def test_the_version_and_privacy_pages_given_end_up_in_the_manifest(tmp_path: Path) -> None:
    code, out = package(tmp_path, "--version", "1.4.2", "--privacy-url", "https://bestuur.example.nl/privacy")
    assert code == 0
    manifest = read_json(zipfile.ZipFile(out), "manifest.json")
    assert manifest["version"] == "1.4.2"
    assert manifest["developer"]["privacyUrl"] == "https://bestuur.example.nl/privacy"


def test_the_icons_have_teams_sizes_and_the_outline_is_white_on_transparent(zipped: zipfile.ZipFile) -> None:
    color = read_png(zipped.read("color.png"), "color.png")
    outline = read_png(zipped.read("outline.png"), "outline.png")
    assert (color.width, color.height) == (192, 192)
    assert (outline.width, outline.height) == (32, 32)
    pixels = rgba_pixels(outline, "outline.png")
    assert all(a == 0 or (r, g, b) == (255, 255, 255) for r, g, b, a in pixels)
    assert any(alpha == 255 for *_, alpha in pixels), "the outline draws something"
    assert any(alpha == 0 for *_, alpha in pixels), "the outline has a transparent background"


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--app-id", "not-a-guid"),
        ("--app-id", "6f1c2a3b12344cde9f000123456789ab"),
        ("--domain", "https://eckbot.example.nl"),
        ("--domain", "eckbot.example.nl/api/messages"),
        ("--domain", "eckbot.example.nl:443"),
        ("--domain", "eckbot.example.nl\n"),
        ("--version", "1.0"),
        ("--privacy-url", "http://bestuur.example.nl/privacy"),
    ],
)
def test_bad_arguments_exit_2_and_write_no_zip(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str, value: str
) -> None:
    arguments = {"--app-id": APP_ID, "--domain": DOMAIN, option: value}
    out = tmp_path / "eckbot-teams.zip"
    flat = [word for pair in arguments.items() for word in pair]
    assert main(["teams-package", *flat, "--out", str(out)]) == 2
    assert not out.exists()
    assert option in capsys.readouterr().err


def copied_source(tmp_path: Path) -> Path:
    source = tmp_path / "teams"
    shutil.copytree(SOURCE, source)
    return source


def test_a_manifest_outside_the_schema_is_refused_with_its_field_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = copied_source(tmp_path)
    template = json.loads((source / "manifest.json").read_text(encoding="utf-8"))
    template["bots"][0]["commandLists"][0]["commands"] *= 2  # 18 commands; Teams allows 10 per list
    (source / "manifest.json").write_text(json.dumps(template), encoding="utf-8")
    code, out = package(tmp_path, "--source", str(source))
    assert code == 1
    assert not out.exists()
    assert "commandLists[0].commands" in capsys.readouterr().err


def test_a_translation_of_a_command_that_does_not_exist_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = copied_source(tmp_path)
    strings = json.loads((source / "en.json").read_text(encoding="utf-8"))
    strings["bots[0].commandLists[1].commands[9].title"] = "step 6"
    (source / "en.json").write_text(json.dumps(strings), encoding="utf-8")
    code, out = package(tmp_path, "--source", str(source))
    assert code == 1
    assert not out.exists()
    assert "commands[9].title" in capsys.readouterr().err


def png(width: int, height: int, pixels: list[tuple[int, int, int, int]], filters: list[int]) -> bytes:
    """An RGBA PNG whose rows use the given filter types, as graphics programs write them."""
    stride, raw, previous = width * 4, b"", bytes(width * 4)
    for y in range(height):
        line = bytes(v for pixel in pixels[y * width : (y + 1) * width] for v in pixel)
        raw += bytes([filters[y % len(filters)]]) + _filtered(
            filters[y % len(filters)], line, previous, stride
        )
        previous = line

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _filtered(kind: int, line: bytes, previous: bytes, stride: int) -> bytes:
    out = bytearray()
    for i in range(stride):
        left = line[i - 4] if i >= 4 else 0
        up, corner = previous[i], previous[i - 4] if i >= 4 else 0
        if kind == 4:
            estimate = left + up - corner
            pa, pb, pc = abs(estimate - left), abs(estimate - up), abs(estimate - corner)
            predictor = left if pa <= pb and pa <= pc else up if pb <= pc else corner
        else:
            predictor = [0, left, up, (left + up) // 2][kind]
        out.append((line[i] - predictor) & 0xFF)
    return bytes(out)


def outline_with(pixel: tuple[int, int, int, int]) -> bytes:
    pixels = [(255, 255, 255, (x * 8) % 256) for x in range(32 * 32)]
    pixels[32 * 16 + 16] = pixel
    return png(32, 32, pixels, filters=[0, 1, 2, 3, 4])


def test_an_outline_icon_with_colour_in_it_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = copied_source(tmp_path)
    (source / "outline.png").write_bytes(outline_with((0x1F, 0x6F, 0xB2, 255)))
    code, out = package(tmp_path, "--source", str(source))
    assert code == 1
    assert not out.exists()
    assert "white on transparent; 1 pixels" in capsys.readouterr().err


def test_an_outline_from_a_graphics_program_with_filtered_rows_is_accepted(tmp_path: Path) -> None:
    source = copied_source(tmp_path)
    (source / "outline.png").write_bytes(outline_with((255, 255, 255, 0)))
    code, out = package(tmp_path, "--source", str(source))
    assert code == 0
    assert read_png(zipfile.ZipFile(out).read("outline.png"), "outline.png").width == 32


def test_a_colour_icon_of_the_wrong_size_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = copied_source(tmp_path)
    shutil.copy(source / "outline.png", source / "color.png")
    code, out = package(tmp_path, "--source", str(source))
    assert code == 1
    assert not out.exists()
    assert "must be 192x192, not 32x32" in capsys.readouterr().err


def command_titles(manifest: Any, strings: dict[str, str]) -> dict[str, list[str]]:
    """The titles Teams offers per locale: Dutch from the manifest, English from en.json."""
    titles: dict[str, list[str]] = {"nl": [], "en": []}
    for i, entry in enumerate(manifest["bots"][0]["commandLists"]):
        for j, command in enumerate(entry["commands"]):
            titles["nl"].append(command["title"])
            titles["en"].append(strings[f"bots[0].commandLists[{i}].commands[{j}].title"])
    return titles


def test_every_command_in_the_lists_is_one_the_bot_understands(
    zipped: zipfile.ZipFile, content: Content
) -> None:
    manifest = read_json(zipped, "manifest.json")
    lists = manifest["bots"][0]["commandLists"]
    assert sorted(scope for entry in lists for scope in entry["scopes"]) == ["groupChat", "personal", "team"]
    for locale, titles in command_titles(manifest, read_json(zipped, "en.json")).items():
        words = content.words(locale)
        for title in titles:
            typed = title.lower()
            understood = match_words(typed, words.commands) or match_words(typed, words.steps)
            assert understood, f"{locale}: Teams offers {typed!r}, which the bot does not understand"


def test_the_vendored_schemas_are_microsofts_unchanged() -> None:
    for name in ("MicrosoftTeams.v1.22.schema.json", "MicrosoftTeams.Localization.v1.22.schema.json"):
        assert (SOURCE / "schemas" / name).read_bytes() == (SCHEMAS / name).read_bytes()
