"""``python -m samarbeid``."""

from samarbeid.entry import main

main()
