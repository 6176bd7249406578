"""Load scf_carikart from the DIA simulator into Postgres with dlt's REST API source, timed.

This script runs in its own virtualenv (``.bench/dlt-venv``, made by bench.sync_dlt) so that dlt
never becomes a dependency of the project. It imports only dlt, requests and the standard
library. It reads a JSON request on stdin:

    {"base_url", "username", "password", "api_key", "warehouse_url", "firma_kodu",
     "columns", "page_size", "max_pages", "dataset", "pipelines_dir"}

logs in, pages ``scf_carikart_listele`` by ``_key`` exactly as the project's client does, lets dlt
extract, normalize and load the rows (write disposition "replace", dlt's default file format),
and prints one JSON object: the dlt version, the rows received, the listing calls and the seconds.
"""

from __future__ import annotations

import json
import os
import sys
import time

# dlt sends anonymous usage data by default; the benchmark must not talk to any other host.
os.environ["RUNTIME__DLTHUB_TELEMETRY"] = "false"
# Each listing request gives up after this many seconds (dlt's own default is 60).
os.environ.setdefault("RUNTIME__REQUEST_TIMEOUT", "120")

import dlt  # noqa: E402
import requests  # noqa: E402
from dlt.sources.helpers.rest_client.paginators import BasePaginator  # noqa: E402
from dlt.sources.rest_api import rest_api_source  # noqa: E402

SERVICE = "scf_carikart_listele"
LOGIN_TIMEOUT_S = 30.0

# dlt deep-copies the source configuration, paginator included, so the pages are counted here.
PAGE_SIZES: list[int] = []


class KeyPaginator(BasePaginator):
    """Request ``_key > last key of the previous page``, sorted by ``_key``, until a short page."""

    def __init__(self, page_size: int, max_pages: int) -> None:
        super().__init__()
        self.page_size = page_size
        self.max_pages = max_pages
        self.last_key: object = None

    def update_state(self, response, data=None) -> None:
        rows = data or []
        PAGE_SIZES.append(len(rows))
        if len(PAGE_SIZES) > self.max_pages:
            raise RuntimeError(f"more than {self.max_pages} pages of {self.page_size} rows: the key paging does not end")
        if len(rows) < self.page_size:
            self._has_next_page = False
        else:
            self.last_key = rows[-1]["_key"]

    def update_request(self, request) -> None:
        if self._has_next_page:
            request.json[SERVICE]["filters"] = [{"field": "_key", "operator": ">", "value": str(self.last_key)}]


def login(request: dict) -> str:
    """Log in once and return the session id, which DIA sends back in ``msg``."""
    body = {
        "login": {
            "username": request["username"],
            "password": request["password"],
            "disconnect_same_user": "True",
            "params": {"apikey": request["api_key"]},
        }
    }
    response = requests.post(f"{request['base_url']}/api/v3/sis/json", json=body, timeout=LOGIN_TIMEOUT_S)
    response.raise_for_status()
    reply = response.json()
    if str(reply.get("code")) != "200" or not reply.get("msg"):
        raise RuntimeError(f"login failed: code {reply.get('code')}")
    return reply["msg"]


def carikart_source(request: dict, session_id: str):
    listing = {
        SERVICE: {
            "session_id": session_id,
            "firma_kodu": request["firma_kodu"],
            "filters": "",
            "sorts": [{"field": "_key", "sorttype": "ASC"}],
            "params": {"selectedcolumns": request["columns"]},
            "limit": request["page_size"],
            "offset": 0,
        }
    }
    return rest_api_source(
        {
            "client": {"base_url": f"{request['base_url']}/api/v3/"},
            "resources": [
                {
                    "name": "scf_carikart",
                    "write_disposition": "replace",
                    "endpoint": {
                        "path": "scf/json",
                        "method": "POST",
                        "json": listing,
                        "data_selector": "result",
                        "paginator": KeyPaginator(request["page_size"], request["max_pages"]),
                    },
                }
            ],
        }
    )


def main() -> int:
    request = json.load(sys.stdin)
    pipeline = dlt.pipeline(
        pipeline_name="bench_dlt_carikart",
        pipelines_dir=request["pipelines_dir"],
        destination=dlt.destinations.postgres(credentials=request["warehouse_url"]),
        dataset_name=request["dataset"],
    )

    started = time.perf_counter()
    session_id = login(request)
    pipeline.run(carikart_source(request, session_id))
    seconds = time.perf_counter() - started

    json.dump(
        {
            "dlt_version": dlt.__version__,
            "rows": sum(PAGE_SIZES),
            "calls": len(PAGE_SIZES),
            "seconds": seconds,
            "file_formats": _file_formats(pipeline),
        },
        sys.stdout,
    )
    return 0


def _file_formats(pipeline) -> str:
    """Return the file formats of the load jobs dlt completed, comma-separated."""
    formats = {
        job.job_file_info.file_format
        for package in pipeline.last_trace.last_load_info.load_packages
        for job in package.jobs["completed_jobs"]
    }
    return ",".join(sorted(formats))


if __name__ == "__main__":
    sys.exit(main())
