"""The JSON API (FastAPI), documented by OpenAPI at ``/api/docs``."""
