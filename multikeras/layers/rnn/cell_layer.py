"""What the layers built on one built-in cell (SimpleRNN, LSTM, GRU,
ConvLSTM) share: the flat config and the cell's attributes read through."""

from __future__ import annotations

from typing import Any

from multikeras.layers.rnn.dropout_rnn_cell import deserialize_initializers
from multikeras.layers.rnn.rnn import RNN
from multikeras.saving.registry import serialize_object
from multikeras.typing import Config

# Keys of a cell's config that belong to the layer, not to the cell.
_LAYER_KEYS = ("name", "trainable", "dtype")


def read_through(*names: str):
    """Class decorator: read-only properties `layer.x -> layer.cell.x`."""

    def decorate(cls):
        for name in names:
            setattr(cls, name, property(
                lambda self, name=name: getattr(self.cell, name),
                doc=f"The cell's `{name}`.",
            ))  # fmt: skip
        return cls

    return decorate


class CellLayer(RNN):
    """An RNN over one built-in cell whose arguments are the layer's own:
    `get_config` is flat (the cell's arguments, no `cell` key), as in
    Keras."""

    def get_config(self) -> Config:
        cell_config = {
            k: v for k, v in self.cell.get_config().items()
            if k not in _LAYER_KEYS
        }  # fmt: skip
        config = self._rnn_config()
        config.update(cell_config)
        config["activity_regularizer"] = serialize_object(
            self.activity_regularizer
        )
        return config

    @classmethod
    def from_config(cls, config: Config, custom_objects=None) -> Any:
        return cls(**deserialize_initializers(config))
