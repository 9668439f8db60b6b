"""`python -m spinscope` is the `spinscope` command."""

import sys

from spinscope.cli import main

sys.exit(main())
