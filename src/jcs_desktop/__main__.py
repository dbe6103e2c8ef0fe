import sys

from jcs_desktop.cli.main import main

sys.exit(main())
