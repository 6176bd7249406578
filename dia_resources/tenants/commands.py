"""The handlers of ``dia-pipelines tenants`` add, list, remove, enable, disable and rotate-key.

Their arguments are declared in ``dia_resources.cli``, which keeps ``--help`` free of the
database and cryptography imports that these handlers need.

Secrets never come from the command line, where other users could read them in the process
list and the shell history: they come from ``DIA_PASSWORD`` / ``DIA_API_KEY`` or a prompt.
``run_tenants_command`` returns the exit code; messages follow ``settings.cli_language()``.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from dia_resources.warehouse import settings

from .messages import text
from .model import InvalidTenantError, Tenant, TenantExistsError, TenantNotFoundError, validate_tenant_id
from .registry import TenantRegistry
from .secrets import SecretKeyError

EXIT_OK = 0
EXIT_FAILED = 1


class CommandError(Exception):
    """A failure whose message is already worded for the user."""


def run_tenants_command(args: argparse.Namespace) -> int:
    """Run one ``tenants`` subcommand and return the exit code."""
    language = settings.cli_language()
    handlers = {
        "add": _add,
        "list": _list,
        "remove": _remove,
        "enable": _set_enabled,
        "disable": _set_enabled,
        "rotate-key": _rotate_key,
    }
    try:
        handlers[args.tenants_command](args, language)
    except CommandError as error:
        print(error, file=sys.stderr)
        return EXIT_FAILED
    except SecretKeyError as error:
        print(text(f"secret_key_{_key_reason(error)}", language, detail=str(error)), file=sys.stderr)
        return EXIT_FAILED
    except InvalidTenantError as error:
        print(text("invalid_input", language, detail=str(error)), file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def _check_tenant_id(tenant_id: str, language: str) -> None:
    try:
        validate_tenant_id(tenant_id)
    except InvalidTenantError:
        raise CommandError(text("invalid_tenant_id", language, tenant_id=tenant_id)) from None


def _key_reason(error: SecretKeyError) -> str:
    return {"wrong_key": "wrong", "malformed": "malformed"}.get(error.reason, "missing")


def _registry(language: str, *, needs_keys: bool) -> TenantRegistry:
    try:
        keys = settings.secret_keys()
    except settings.SettingsError:
        if needs_keys:
            raise CommandError(text("secret_key_missing", language)) from None
        keys = None
    return TenantRegistry(settings.warehouse_url(), keys)


def _read_secret(value: str | None, secret: str, variable: str, prompt: str, language: str) -> str:
    """Return ``value`` (from the environment) or, when it is None, the answer to a prompt."""
    if value is None:
        if not sys.stdin.isatty():
            raise CommandError(text("no_terminal", language, secret=text(secret, language), variable=variable))
        value = getpass.getpass(prompt)
    if not value.strip():
        raise CommandError(text("empty_secret", language, secret=text(secret, language)))
    return value


def _add(args: argparse.Namespace, language: str) -> None:
    # Checked before the prompts so that a typo in the id does not cost typing two secrets.
    _check_tenant_id(args.tenant_id, language)
    registry = _registry(language, needs_keys=True)

    env_password, env_api_key = settings.tenant_credentials_from_env()
    password = _read_secret(
        env_password, "password", "DIA_PASSWORD", text("prompt_password", language, username=args.username), language
    )
    api_key = _read_secret(env_api_key, "api_key", "DIA_API_KEY", text("prompt_api_key", language), language)
    tenant = Tenant.create(
        args.tenant_id,
        username=args.username,
        password=password,
        api_key=api_key,
        server_code=args.server_code,
        base_url=args.base_url,
        companies=args.companies,
        sync_interval_minutes=args.interval_minutes,
        enabled=not args.disabled,
    )

    try:
        replaced = registry.add(tenant, replace=args.replace)
    except TenantExistsError:
        raise CommandError(text("tenant_exists", language, tenant_id=args.tenant_id)) from None

    print(
        text(
            "tenant_replaced" if replaced else "tenant_added",
            language,
            tenant_id=tenant.tenant_id,
            base_url=tenant.base_url,
            username=tenant.username,
            companies=_companies_text(tenant.companies, language),
            interval=tenant.sync_interval_minutes,
        )
    )


def _list(args: argparse.Namespace, language: str) -> None:
    tenants = _registry(language, needs_keys=False).list()
    if not tenants:
        print(text("no_tenants", language))
        return

    rows = [text("list_header", language).split("|")]
    for tenant in tenants:
        rows.append(
            [
                tenant.tenant_id,
                tenant.server_code or tenant.base_url,
                tenant.username,
                _companies_text(tenant.companies, language),
                str(tenant.sync_interval_minutes),
                text("yes" if tenant.enabled else "no", language),
                tenant.updated_at.strftime("%Y-%m-%d %H:%M"),
            ]
        )

    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())


def _remove(args: argparse.Namespace, language: str) -> None:
    _check_tenant_id(args.tenant_id, language)
    try:
        _registry(language, needs_keys=False).remove(args.tenant_id)
    except TenantNotFoundError:
        raise CommandError(text("tenant_not_found", language, tenant_id=args.tenant_id)) from None
    print(text("tenant_removed", language, tenant_id=args.tenant_id))


def _set_enabled(args: argparse.Namespace, language: str) -> None:
    _check_tenant_id(args.tenant_id, language)
    enabled = args.tenants_command == "enable"
    try:
        _registry(language, needs_keys=False).set_enabled(args.tenant_id, enabled)
    except TenantNotFoundError:
        raise CommandError(text("tenant_not_found", language, tenant_id=args.tenant_id)) from None
    print(text("tenant_enabled" if enabled else "tenant_disabled", language, tenant_id=args.tenant_id))


def _rotate_key(args: argparse.Namespace, language: str) -> None:
    count = _registry(language, needs_keys=True).rotate_key()
    print(text("keys_rotated", language, count=count))


def _companies_text(companies: list[int], language: str) -> str:
    if not companies:
        return text("all_companies", language)
    return ",".join(str(code) for code in companies)
