"""`python -m app.update`: the installer (hems-panel-update)."""

import sys

from app.update.installer import main

sys.exit(main())
