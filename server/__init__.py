"""The HEMS center server: registration, backups, restore, documents, rate plans, notices.

Its own package: it never imports `app` (the panel), and the panel never imports it
in-process (see `server.embedded`).
"""
