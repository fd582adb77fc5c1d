"""The database: SQLAlchemy 2 tables, engines, Alembic migrations and queries.

SQLite (WAL) by default; any SQLAlchemy URL, PostgreSQL with psycopg 3 in production.
"""
