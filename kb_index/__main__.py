"""`python -m kb_index …`: see kb_index/cli.py."""

from kb_index.cli import main

if __name__ == "__main__":
    main()
