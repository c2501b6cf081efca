"""`python -m shopseg.bench`: see `--help` and shopseg.bench.cli."""

from shopseg.bench.cli import main

raise SystemExit(main())
