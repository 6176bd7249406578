"""Dagster definitions for syncing DIA into Postgres, built from one table catalog."""

import warnings

import dagster as dg

# Partitioned asset checks (one result per tenant) are a preview feature in Dagster 1.13; we
# rely on them knowingly, so the warning would only repeat once per table at every import.
warnings.filterwarnings("ignore", category=dg.PreviewWarning, message=".*partitions_def on an AssetCheckSpec.*")
