"""Child process: import the given files into the given store (killed by the tests)."""

from __future__ import annotations

import sys
from pathlib import Path

from data.importers import import_paths
from data.store import Store

if __name__ == "__main__":
    store, *files = sys.argv[1:]
    import_paths(Store(store), [Path(f) for f in files])
