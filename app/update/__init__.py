"""Installing a signed update of the panel beside the running one, with rollback (no Qt).

The panel cannot replace itself while it runs: it downloads and verifies a bundle, then
asks the installer (`hems-panel-update`, a process of its own) to install it.
"""
