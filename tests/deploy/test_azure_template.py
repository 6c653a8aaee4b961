"""deploy/azure as the person deploying meets it: no Bicep compiler runs here, so these check
what would otherwise only fail in Azure, or worse, start a bot that silently ignores a setting."""

from __future__ import annotations

import re
from pathlib import Path

from bot.config import Settings

AZURE = Path(__file__).resolve().parents[2] / "deploy" / "azure"
TEMPLATE = (AZURE / "main.bicep").read_text()
PARAMETERS = (AZURE / "main.bicepparam").read_text()
GUIDE = (AZURE / "README.md").read_text()

DECLARED = dict(re.findall(r"^param (\w+) \w+( =)?", TEMPLATE, flags=re.MULTILINE))
REQUIRED = {name for name, has_default in DECLARED.items() if not has_default}
GIVEN = set(re.findall(r"^param (\w+) =", PARAMETERS, flags=re.MULTILINE))
PLATFORM_SETTINGS = {"WEBSITES_PORT", "WEBSITES_ENABLE_APP_SERVICE_STORAGE", "PGSSLMODE"}


def app_settings() -> set[str]:
    block = TEMPLATE.split("resource appSettings", 1)[1].split("dependsOn", 1)[0]
    return set(re.findall(r"^\s+(\w+): ", block, flags=re.MULTILINE)) - {"name", "parent", "properties"}


def settings_names() -> set[str]:
    names: set[str] = set()
    for field in Settings.model_fields.values():
        alias = field.validation_alias
        names.update(str(choice) for choice in getattr(alias, "choices", ()))
    return names


def test_every_parameter_without_a_default_is_given_in_the_parameter_file() -> None:
    assert REQUIRED, "the template declares required parameters"
    assert REQUIRED <= GIVEN, f"main.bicepparam lacks {sorted(REQUIRED - GIVEN)}"


def test_the_parameter_file_sets_nothing_the_template_does_not_declare() -> None:
    assert set(DECLARED) >= GIVEN, f"main.bicepparam sets unknown {sorted(GIVEN - set(DECLARED))}"


def test_every_parameter_is_described_in_the_deploy_guide() -> None:
    undocumented = {name for name in DECLARED if f"`{name}`" not in GUIDE}
    assert not undocumented, f"deploy/azure/README.md does not describe {sorted(undocumented)}"


def test_every_app_setting_is_one_the_bot_reads() -> None:
    bot_settings = app_settings() - PLATFORM_SETTINGS
    assert {"MicrosoftAppId", "ECKBOT_DATABASE_URL"} <= bot_settings
    ignored = bot_settings - settings_names()
    assert not ignored, f"the bot would ignore {sorted(ignored)}"


def test_the_bot_resource_is_single_tenant_and_points_at_the_messages_endpoint() -> None:
    assert "msaAppType: 'SingleTenant'" in TEMPLATE
    assert "MicrosoftAppType: 'SingleTenant'" in TEMPLATE
    assert "endpoint: 'https://${host}/api/messages'" in TEMPLATE
