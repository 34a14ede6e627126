"""Allow ``python -m desk_app`` as well as the ``desk`` console command."""

from desk_app.cli import main

raise SystemExit(main())
