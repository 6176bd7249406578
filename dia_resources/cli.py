"""The ``dia-pipelines`` command line.

Subcommands import their modules only when they run, so ``dia-pipelines --help`` stays fast.
``simulator`` and ``demo`` hand their arguments to ``dia_simulator.cli`` and ``dia_pipelines.demo``.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from collections.abc import Sequence

EXIT_OK = 0
EXIT_FAILED = 1

# These subcommands parse their own arguments, so everything after the name goes to them as is.
DELEGATED_COMMANDS = {
    "simulator": ("dia_simulator.cli", "run the DIA simulator (see dia-pipelines simulator --help)"),
    "demo": ("dia_pipelines.demo", "run the end-to-end demo on the embedded warehouse and the simulator"),
}


def add_tenant_parsers(tenants: argparse.ArgumentParser) -> None:
    """Add the subcommands of ``dia-pipelines tenants`` to its parser."""
    commands = tenants.add_subparsers(dest="tenants_command", required=True, metavar="COMMAND")

    add = commands.add_parser(
        "add",
        help="register a DIA account to sync",
        description="Register a DIA account. The password and API key come from DIA_PASSWORD and "
        "DIA_API_KEY when set, otherwise from a prompt.",
    )
    add.add_argument("tenant_id", metavar="TENANT_ID", help="slug naming the tenant: a-z, 0-9, '_', '-'")
    server = add.add_mutually_exclusive_group(required=True)
    server.add_argument("--server-code", help="DIA server code X of https://X.ws.dia.com.tr")
    server.add_argument("--base-url", help="web service root URL instead of a server code (e.g. the simulator)")
    add.add_argument("--username", required=True, help="DIA user name")
    add.add_argument(
        "--company", dest="companies", type=int, action="append", default=[], metavar="FIRMA_KODU",
        help="company code to sync; repeat for several; none means every company the user may see",
    )
    add.add_argument("--interval-minutes", type=int, default=60, help="minutes between incremental syncs (default 60)")
    add.add_argument("--disabled", action="store_true", help="register without syncing until enabled")
    add.add_argument("--replace", action="store_true", help="overwrite a tenant with the same id")

    commands.add_parser("list", help="list registered tenants (never shows secrets)")

    for name, help_text in (
        ("remove", "delete a tenant and its credentials (synced data stays)"),
        ("enable", "resume syncing a tenant"),
        ("disable", "pause syncing a tenant"),
    ):
        command = commands.add_parser(name, help=help_text)
        command.add_argument("tenant_id", metavar="TENANT_ID")

    commands.add_parser(
        "rotate-key",
        help="re-encrypt every tenant's secrets with the first key of DIA_SECRET_KEY",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dia-pipelines",
        description="Sync DIA ERP tenants into a Postgres warehouse with Dagster.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    tenants = commands.add_parser("tenants", help="manage the DIA accounts to sync")
    add_tenant_parsers(tenants)

    url = commands.add_parser(
        "warehouse-url",
        help="print the warehouse URL, starting the embedded server if needed",
        description='Print the warehouse URL, e.g. for psql "$(dia-pipelines warehouse-url)".',
    )
    url.add_argument("--dagster", action="store_true", help="print the URL of Dagster's storage database instead")

    warehouse = commands.add_parser("warehouse", help="start, stop or inspect the embedded Postgres")
    warehouse.add_argument("action", choices=["start", "stop", "status"])

    commands.add_parser(
        "env",
        help="print export lines for DAGSTER_HOME, DAGSTER_PG_* and DIA_PG_*",
        description='Print shell export lines; use as: eval "$(dia-pipelines env)".',
    )

    dev = commands.add_parser("dev", help="run dagster dev on 127.0.0.1 over the project's instance")
    dev.add_argument("--port", type=int, default=3000, help="webserver port (default 3000)")

    for name, (_, help_text) in DELEGATED_COMMANDS.items():
        commands.add_parser(name, help=help_text, add_help=False)

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)

    if arguments and arguments[0] in DELEGATED_COMMANDS:
        return _delegate(arguments[0], arguments[1:])

    args = build_parser().parse_args(arguments)
    try:
        if args.command == "tenants":
            from dia_resources.tenants.commands import run_tenants_command

            return run_tenants_command(args)
        if args.command == "warehouse-url":
            return _print_warehouse_url(args)
        if args.command == "warehouse":
            return _warehouse(args.action)
        if args.command == "env":
            return _print_env()
        if args.command == "dev":
            return _dev(args.port)
    except _known_errors() as error:
        print(error, file=sys.stderr)
        return EXIT_FAILED

    raise AssertionError(f"unhandled command {args.command!r}")


def _known_errors() -> tuple[type[Exception], ...]:
    """Return the errors whose message is meant for the user, printed without a traceback."""
    from dia_resources.tenants import TenantRegistryError
    from dia_resources.warehouse.embedded import EmbeddedPostgresError
    from dia_resources.warehouse.settings import SettingsError

    return (EmbeddedPostgresError, SettingsError, TenantRegistryError)


def _delegate(command: str, arguments: list[str]) -> int:
    import importlib

    module_name = DELEGATED_COMMANDS[command][0]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name != module_name:
            raise
        print(f"dia-pipelines {command} is not available: module {module_name} was not found.", file=sys.stderr)
        return EXIT_FAILED

    result = module.main(arguments)
    return EXIT_OK if result is None else int(result)


def _print_warehouse_url(args: argparse.Namespace) -> int:
    from dia_resources.warehouse import settings

    print(settings.dagster_storage_url() if args.dagster else settings.warehouse_url())
    return EXIT_OK


def _warehouse(action: str) -> int:
    from dia_resources.warehouse import settings

    if not settings.uses_embedded_warehouse():
        print("DIA_WAREHOUSE_URL is set, so the embedded Postgres is not used; unset it to manage the embedded server.", file=sys.stderr)
        return EXIT_FAILED

    server = settings.embedded_server()
    if action == "start":
        server.start()
        print(f"Embedded Postgres is running: {_redacted(server.url)} (data in {server.data_dir})")
    elif action == "stop":
        stopped = server.stop()
        print("Embedded Postgres stopped." if stopped else "Embedded Postgres was not running.")
    else:
        status = server.status()
        if status.running:
            print(f"running ({status.phase}), pid {status.pid}, 127.0.0.1:{status.port}, data in {status.data_dir}")
        elif status.initialised:
            print(f"stopped, data in {status.data_dir}")
        else:
            print(f"not initialised yet; dia-pipelines warehouse start creates it in {status.data_dir}")
    return EXIT_OK


def _redacted(url: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def _project_env() -> dict[str, str]:
    from dia_resources.warehouse import settings

    return {**settings.dagster_env(), **settings.dbt_env()}


def _print_env() -> int:
    for name, value in _project_env().items():
        print(f"export {name}={shlex.quote(value)}")
    return EXIT_OK


def _dev(port: int) -> int:
    from pathlib import Path

    from dia_resources.warehouse import settings

    env = {**os.environ, **_project_env()}
    try:
        settings.secret_keys()
    except settings.SettingsError as error:
        print(f"Warning: {error} Until then, syncs cannot read tenant credentials.", file=sys.stderr)

    dagster = Path(sys.executable).with_name("dagster")
    workspace = settings.workspace_file()
    command = [str(dagster), "dev", "-h", "127.0.0.1", "-p", str(port), "-w", str(workspace)]
    # exec replaces this process, so Ctrl-C and the exit code belong to dagster dev itself.
    os.execve(command[0], command, env)
    return EXIT_FAILED  # not reached


if __name__ == "__main__":
    sys.exit(main())
