"""``python -m cleaners`` runs the boilerstrip command line."""

import sys

from cleaners.cli import main

sys.exit(main())
