"""The ETL's paths: the data folder and the database file (their one home is core.paths)."""

from core.paths import DATA_DIR, PROJECT_ROOT, database_path

__all__ = ["DATA_DIR", "PROJECT_ROOT", "database_path"]
