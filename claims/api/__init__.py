"""The REST API: DRF views over the selectors and services, mounted under /api/ by claims/urls/api.py."""
