"""``python -m streams`` is the ``newswatch`` command."""

import sys

from streams.cli import main

sys.exit(main())
