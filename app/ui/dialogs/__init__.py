"""Dialogs of the panel (sheets over the kiosk, ordinary dialogs on a desktop).

Import each from its module: the kiosk's first frame needs none of them, only the
mark its window carries (KIOSK_PROPERTY), kept here so that naming it loads no dialog.
"""

KIOSK_PROPERTY = "kiosk"  # set on the kiosk window; dialogs under it become sheets
