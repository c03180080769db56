"""`python -m server ...` is the same as the `hems-center` command."""

from server.main import main

raise SystemExit(main())
