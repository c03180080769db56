"""Dialogs of the panel (sheets over the kiosk, ordinary dialogs on a desktop).

Import each from its module: the kiosk's first frame needs only the sheet's base,
not the dialogs themselves.
"""
