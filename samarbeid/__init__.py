"""samarbeid: check the health of a collaboration between a kommune and a sosial entreprenør."""

__version__ = "0.1.0"
