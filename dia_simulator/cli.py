"""Command line: serve the simulator, or advance a running one.

    python -m dia_simulator --host 127.0.0.1 --port 8765 --tenants 3 --seed 42
    python -m dia_simulator advance --url http://127.0.0.1:8765 --tenant sim1 --seconds 86400

`dia-pipelines simulator ...` calls `main(argv)` with the same arguments.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import logging
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence

from .data.models import MODELS

ADVANCE_TIMEOUT_SECONDS = 600.0


def _sizes(text: str) -> dict[str, int]:
    """Parse "scf_carikart=100000,scf_fatura=5000" into sizes."""
    sizes: dict[str, int] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, _, value = item.partition("=")
        if name not in MODELS or not value.isdigit():
            raise argparse.ArgumentTypeError(
                f"invalid size {item!r}: expected MODEL=ROWS with MODEL one of {', '.join(sorted(MODELS))}"
            )
        sizes[name] = int(value)
    return sizes


def _serve_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dia-simulator",
        description="Serve a simulated DIA v3 web service with generated data on a loopback address. "
        "Use the 'advance' subcommand to change the data of a running simulator.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8765, help="TCP port, 0 for any free port (default 8765)")
    parser.add_argument("--tenants", type=int, default=3, help="number of simulated DIA servers (default 3)")
    parser.add_argument("--seed", type=int, default=42, help="seed of all generated data (default 42)")
    parser.add_argument("--sizes", type=_sizes, default={}, help="rows per company (per period for invoices), "
                        "e.g. scf_carikart=1000000,scf_fatura=5000")
    parser.add_argument("--kontor-per-call", default="0.0125", help="kontör charged per call (default 0.0125)")
    parser.add_argument("--initial-kontor", default="100000", help="kontör balance of each tenant (default 100000)")
    parser.add_argument("--idle-timeout", type=float, default=3600.0, help="session idle timeout in seconds (default 3600)")
    parser.add_argument("--page-cache-mb", type=int, default=1024,
                        help="memory per tenant for encoded listing pages that repeated pulls reuse, in MiB (default 1024)")
    parser.add_argument("--json", action="store_true", help="print the tenants as one JSON document")
    parser.add_argument("--verbose", action="store_true", help="log every request")
    return parser


def _advance_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dia-simulator advance",
        description="Advance the clock of a running simulator's tenant and update, insert and delete rows.",
    )
    parser.add_argument("--url", default="http://127.0.0.1:8765", help="base URL of the running simulator (loopback only)")
    parser.add_argument("--tenant", required=True, help="server code of the tenant, e.g. sim1")
    parser.add_argument("--seconds", type=float, default=86400, help="how far to move the clock (default 86400)")
    parser.add_argument("--update-share", type=float, default=0.05, help="share of rows to update (default 0.05)")
    parser.add_argument("--insert-share", type=float, default=0.02, help="share of rows to insert (default 0.02)")
    parser.add_argument("--delete-share", type=float, default=0.01, help="share of rows to delete (default 0.01)")
    parser.add_argument("--models", default="", help="comma-separated models (default scf_carikart,scf_stokkart,scf_fatura)")
    parser.add_argument("--firma-kodu", type=int, default=None, help="change only this company")
    return parser


def _print_tenants(description: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(description, ensure_ascii=False, indent=2), flush=True)
        return
    print(f"DIA simulator serving at {description['base_url']}", flush=True)
    for tenant in description["tenants"]:
        companies = ", ".join(f"{c['firma_kodu']} (donem {c['donemler']})" for c in tenant["companies"])
        print(
            f"  {tenant['server_code']}: url={tenant['base_url']} username={tenant['username']} "
            f"password={tenant['password']} api_key={tenant['api_key']} companies={companies}",
            flush=True,
        )
    print("Press Ctrl-C to stop.", flush=True)


def serve(argv: Sequence[str]) -> int:
    args = _serve_parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    from .simulator import Simulator  # noqa: PLC0415 (keeps `advance` free of numpy start-up cost)

    simulator = Simulator(
        tenants=args.tenants, seed=args.seed, sizes=args.sizes, kontor_per_call=args.kontor_per_call,
        idle_timeout=args.idle_timeout, initial_kontor=args.initial_kontor,
        page_cache_bytes=args.page_cache_mb * 1024 * 1024,
    )
    simulator.start(args.host, args.port)
    _print_tenants(simulator.describe(), args.json)
    try:
        simulator.serve_forever_started()
    except KeyboardInterrupt:
        pass
    finally:
        simulator.stop()
    return 0


def advance(argv: Sequence[str]) -> int:
    args = _advance_parser().parse_args(argv)
    host = urllib.parse.urlsplit(args.url).hostname or ""
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    if not loopback:
        print(f"error: --url must point at a loopback address, got {args.url}", file=sys.stderr)
        return 2
    body = {
        "server_code": args.tenant, "seconds": args.seconds, "update_share": args.update_share,
        "insert_share": args.insert_share, "delete_share": args.delete_share,
        "models": [name for name in args.models.split(",") if name] or None, "firma_kodu": args.firma_kodu,
    }
    request = urllib.request.Request(
        args.url.rstrip("/") + "/_admin/advance", data=json.dumps(body).encode(), method="POST",
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=ADVANCE_TIMEOUT_SECONDS) as response:
            result = json.loads(response.read())["result"]
    except urllib.error.HTTPError as exc:
        print(f"error: the simulator rejected the request: {exc.read()[:500].decode(errors='replace')}", file=sys.stderr)
        return 1
    except (urllib.error.URLError, OSError) as exc:
        print(f"error: cannot reach the simulator at {args.url}: {exc}", file=sys.stderr)
        return 1
    print(f"{args.tenant} clock is now {result['clock']}")
    for kind in ("updated", "inserted", "deleted"):
        for model, keys in sorted(result[kind].items()):
            print(f"  {kind:8} {model:20} {len(keys)} rows")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["advance"]:
        return advance(arguments[1:])
    if arguments[:1] == ["serve"]:
        arguments = arguments[1:]
    return serve(arguments)
