"""Entry point of ``python -m shopseg.generate``."""

from .cli import main

raise SystemExit(main())
