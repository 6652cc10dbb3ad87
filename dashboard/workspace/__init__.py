"""The analysts' workspace: users, sessions, and versioned judgements and comments in a SQL store.

The figures stay in DuckDB, owned by the ETL; what analysts write lives here (SQLite beside the DuckDB
file by default, PostgreSQL when LAGET_WORKSPACE_URL says so), and the app joins the two.
"""
