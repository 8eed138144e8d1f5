"""Fictional demo data (`manage.py demo_data`, run by `make demo`), made through the
other apps' services. It sits above every app and no app imports it (ADR 0019)."""
