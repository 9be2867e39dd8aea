"""CNN Studio: design, train and inspect convolutional neural networks."""

__version__ = "0.1.0"
