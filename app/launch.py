"""The `hems-panel` command and `python -m app`: app.main's `main`, imported with the
cycle collector paused and PySide's look at each imported module made cheap.

Importing the panel (PySide6 and a hundred modules) allocates hundreds of thousands of
objects that all live as long as the process: the automatic collector would walk them
some forty times meanwhile (~6 ms of the start-up) and find nothing to free. They are
moved out of its sight (`gc.freeze`) once imported, and collection goes on as before:
automatic for the commands, on the GUI thread for the panel (app/ui/main_thread_gc.py).

PySide reads the source of every module imported after it (for its `__feature__`
switches): app.pyside_module_scan answers that from the files' bytes, ~8 ms sooner.
"""

from __future__ import annotations

import gc


def main() -> int:
    collecting = gc.isenabled()
    gc.disable()
    try:
        from app.pyside_module_scan import install

        install()  # before the panel's modules: each is looked at as it is imported
        from app.main import main as run_command
    finally:
        gc.freeze()
        if collecting:
            gc.enable()
    return run_command()
