"""Pooling layers: windowed, global and adaptive max/average pooling."""
