"""Partitions: one per registered tenant, kept equal to the registry by a sensor."""

import dagster as dg

TENANT_PARTITIONS_NAME = "tenant"

tenant_partitions = dg.DynamicPartitionsDefinition(name=TENANT_PARTITIONS_NAME)
