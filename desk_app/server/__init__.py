"""The central server: FastAPI app, tables, migrations, auth and routing."""
