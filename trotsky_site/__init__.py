"""trotsky-site: a static site generator for cross-linked historical biography."""

__version__ = "0.1.0"
