"""Dataset layer: the data model, provenance, the Parquet store and the importers.

Knows nothing of the dashboard.
"""
