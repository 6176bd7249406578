"""The Postgres warehouse: the embedded server, connection settings, DDL and the loader.

Nothing is imported here, so that importing one module (the loader in a run worker, the settings
in the CLI) does not pay for the others.
"""
