"""ETL for Läget i länet: sources → normalise → validate → one DuckDB file."""
