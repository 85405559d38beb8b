"""`python -m atb_tui` runs the same entry point as the `atb-tui` script."""

import sys

from atb_tui.cli import main

sys.exit(main())
