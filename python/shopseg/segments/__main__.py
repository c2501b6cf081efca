"""Entry point of ``python -m shopseg.segments``."""

from .cli import main

raise SystemExit(main())
