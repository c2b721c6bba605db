"""`python -m server` is the `followup` command."""

import sys

from .cli import main

sys.exit(main())
