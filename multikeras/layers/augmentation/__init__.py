"""Random image augmentation layers (active only in training)."""
