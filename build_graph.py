#!/usr/bin/env python3
"""Build the counterfeit-dispute knowledge graph: ``python build_graph.py --help``."""

import sys

from graph.cli import main

if __name__ == "__main__":
    sys.exit(main())
