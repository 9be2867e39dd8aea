"""Reusable display widgets: numpy arrays in, pictures out; no torch and no training logic here.

- :mod:`.feature_grid`: ``FeatureMapGrid``, a layer's feature maps as a grid, with an enlarged view.
- :mod:`.metric_plots`: ``MetricPlots``, live loss / accuracy / learning-rate curves of several runs.
- :mod:`.colormaps`: the offered colour maps and how values are scaled to colours.
"""
