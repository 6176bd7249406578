"""Asset group names, kept apart so that assets, jobs and sensors can all import them."""

RAW_GROUP = "dia_raw"
CONFORMED_GROUP = "dia_conformed"
