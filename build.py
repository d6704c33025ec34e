"""Entry point: `python build.py [build|check|serve|new] ...` (see README)."""
import sys

from trotsky_site.cli import main

if __name__ == "__main__":
    sys.exit(main())
