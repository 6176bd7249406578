"""The sync job: every raw and conformed asset of one tenant, in one process.

The in-process executor keeps all steps of a run in one process, so they share one DIA
session (a second login by the same DIA user would end the first). Runs of the same tenant
never overlap: dagster.yaml limits runs to one per value of the ``dagster/partition`` tag.
"""

import dagster as dg

from dia_pipelines.groups import CONFORMED_GROUP, RAW_GROUP

sync_job = dg.define_asset_job(
    name="dia_sync",
    selection=dg.AssetSelection.groups(RAW_GROUP, CONFORMED_GROUP),
    executor_def=dg.in_process_executor,
    description="Sync every DIA table of one tenant into dia_raw and rebuild its conformed tables.",
)
