"""Turn curated YAML about Vietnam's 138/389 review conferences into a static report site."""

__version__ = "0.1.0"
