"""timeledger: self-hosted time tracking and project accounting."""

__version__ = "0.1.0"
