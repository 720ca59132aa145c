"""``python -m learnpath``: the same as the ``learnpath`` command."""

from learnpath.cli import main

if __name__ == "__main__":
    main()
