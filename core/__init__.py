"""The domain core shared by the ETL and the app: periods, the publication schedule and the fixed code lists.

It depends on nothing but the standard library, so `etl/` and `dashboard/` can both import it.
"""
