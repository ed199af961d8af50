"""Village Station POS: point of sale for rural e-commerce village service stations."""

__version__ = "0.1.0"
