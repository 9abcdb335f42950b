"""The web app: FastAPI + Jinja2 + htmx, served by `jixiao serve` (see docs/web.md)."""
