"""The Design page: palette, network tree, inspector and volume diagram."""
