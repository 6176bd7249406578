"""The dbt project as Dagster assets: asset keys, upstream wiring, the job and its sensor."""

from __future__ import annotations

import dagster as dg
import pytest

from dia_pipelines.assets import conformed_assets, raw_assets
from dia_pipelines.catalog import TABLES
from dia_pipelines.dbt_assets import (
    DBT_RUN_TAG,
    dbt_after_sync,
    dbt_build_job,
    dbt_resource,
    dia_dbt_assets,
)
from dia_resources.dagster_resources import DiaSessionsResource, TenantRegistryResource, WarehouseResource

MARTS = ["dim_customer", "dim_item", "fct_invoice", "fct_invoice_line", "mart_sales_monthly"]


def _upstream_keys() -> set[dg.AssetKey]:
    dbt_keys = set(dia_dbt_assets.keys)
    return {dep.asset_key for spec in dia_dbt_assets.specs for dep in spec.deps} - dbt_keys


def test_sources_map_to_pipeline_assets():
    pipeline_keys = {key for assets in [*raw_assets, *conformed_assets] for key in assets.keys}

    assert _upstream_keys() <= pipeline_keys


def test_every_raw_table_feeds_dbt():
    assert {dg.AssetKey(["dia_raw", spec.model]) for spec in TABLES} <= _upstream_keys()


def test_model_keys_are_schema_and_table():
    keys = set(dia_dbt_assets.keys)

    for name in MARTS:
        assert dg.AssetKey(["marts", name]) in keys
    assert dg.AssetKey(["staging", "stg_dia__customers"]) in keys
    assert {key.path[0] for key in keys} == {"staging", "marts"}


def test_marts_depend_on_conformed_staging():
    deps = {dep.asset_key for spec in dia_dbt_assets.specs if spec.key == dg.AssetKey(["marts", "dim_customer"])
            for dep in spec.deps}

    assert deps == {dg.AssetKey(["staging", "stg_dia_conformed__customers"])}


def test_dbt_assets_are_not_partitioned():
    assert dia_dbt_assets.partitions_def is None


def test_definitions_load_with_dbt():
    warehouse = WarehouseResource(url="postgresql://dia@127.0.0.1:1/dia")
    defs = dg.Definitions(
        assets=[*raw_assets, *conformed_assets, dia_dbt_assets],
        jobs=[dbt_build_job],
        sensors=[dbt_after_sync],
        resources={
            "dbt": dbt_resource(),
            "warehouse": warehouse,
            "tenants": TenantRegistryResource(warehouse=warehouse),
            "dia": DiaSessionsResource(),
        },
    )

    job = defs.resolve_job_def("dbt_build_job")
    assert job.tags[DBT_RUN_TAG] == "build"
    assert dbt_after_sync.default_status == dg.DefaultSensorStatus.RUNNING


@pytest.fixture
def instance():
    with dg.instance_for_test() as test_instance:
        yield test_instance


def _conformed_built(instance: dg.DagsterInstance, name: str) -> None:
    instance.report_runless_asset_event(dg.AssetMaterialization(asset_key=["dia_conformed", name], partition="acme"))


def test_sensor_skips_before_any_conformed_build(instance):
    result = dbt_after_sync(dg.build_sensor_context(instance=instance))

    assert isinstance(result, dg.SkipReason)


def test_sensor_requests_build_after_conformed_build(instance):
    _conformed_built(instance, "fatura")
    context = dg.build_sensor_context(instance=instance)

    first = dbt_after_sync(context)
    assert isinstance(first, dg.RunRequest)

    again = dbt_after_sync(dg.build_sensor_context(instance=instance, cursor=context.cursor))
    assert isinstance(again, dg.SkipReason)

    _conformed_built(instance, "cari")
    later = dbt_after_sync(dg.build_sensor_context(instance=instance, cursor=context.cursor))
    assert isinstance(later, dg.RunRequest)
    assert later.run_key != first.run_key


def test_sensor_skips_marts_built_after_conformed(instance):
    # The demo builds the marts itself; `make dev` afterwards must not rebuild them at once.
    _conformed_built(instance, "cari")
    instance.report_runless_asset_event(dg.AssetMaterialization(asset_key=["marts", "dim_customer"]))
    context = dg.build_sensor_context(instance=instance)

    first = dbt_after_sync(context)
    assert isinstance(first, dg.SkipReason)
    assert context.cursor is not None

    _conformed_built(instance, "stok")
    later = dbt_after_sync(dg.build_sensor_context(instance=instance, cursor=context.cursor))
    assert isinstance(later, dg.RunRequest)
