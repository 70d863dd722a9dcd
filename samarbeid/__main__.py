"""``python -m samarbeid``."""

from samarbeid.cli import main

main()
