"""``python -m controllers.policy test ...``: the ``lookout policy`` commands without the console script."""

import sys

from controllers.policy.cli import main

sys.exit(main())
