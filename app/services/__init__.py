"""Long-lived QtCore services, built once in app.main and passed to the UI.

Nothing is imported here: a module that needs one service (the first frame needs
only a few) must not load them all. The set the UI is given is app.services.services.
"""
