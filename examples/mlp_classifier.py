"""Train an MLP classifier on synthetic spirals, offline, and report accuracy.

Three interleaved spiral arms in 2-D, a problem no linear model solves. The
data is generated here (no download), nothing is written to disk, and the
script exits with an error if the test accuracy misses the stated target.

    python examples/mlp_classifier.py            # ~20 s on a laptop CPU
    python examples/mlp_classifier.py --epochs 5 # a quick smoke run
"""

import argparse
import sys

import numpy as np

import multikeras as keras

TARGET_ACCURACY = 0.95


def make_spirals(samples_per_class, num_classes=3, noise=0.15, seed=0):
    """`num_classes` spiral arms: (features float32 (n, 2), labels int32)."""
    rng = np.random.default_rng(seed)
    radius = np.tile(np.linspace(0.1, 1.0, samples_per_class), num_classes)
    labels = np.repeat(np.arange(num_classes), samples_per_class)
    angle = labels * (2 * np.pi / num_classes) + radius * 3 * np.pi
    angle = angle + rng.normal(0, noise, angle.shape)
    points = np.stack([radius * np.sin(angle), radius * np.cos(angle)], 1)
    order = rng.permutation(len(labels))
    return points[order].astype("float32"), labels[order].astype("int32")


def build_model(num_classes=3):
    inputs = keras.Input(shape=(2,), name="point")
    x = keras.layers.Dense(64, activation="relu")(inputs)
    x = keras.layers.Dense(64, activation="relu")(x)
    x = keras.layers.Dropout(0.1)(x)
    outputs = keras.layers.Dense(num_classes, name="logits")(x)
    return keras.Model(inputs, outputs, name="spiral_classifier")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=60)
    parser.add_argument("--samples", type=int, default=1500,
                        help="samples per class")
    parser.add_argument("--verbose", type=int, default=2)
    args = parser.parse_args(argv)

    keras.utils.set_random_seed(42)
    x, y = make_spirals(args.samples)
    split = int(0.8 * len(x))
    x_train, y_train = x[:split], y[:split]
    x_test, y_test = x[split:], y[split:]

    model = build_model()
    model.summary()
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=0.01),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    if keras.backend.backend() != "jax":
        print(
            "Training needs gradients, which the NumPy backend does not "
            "have yet: run with MULTIKERAS_BACKEND=jax."
        )
        return 1
    model.fit(
        x_train, y_train, batch_size=64, epochs=args.epochs,
        validation_split=0.1, verbose=args.verbose,
    )
    loss, accuracy = model.evaluate(x_test, y_test, verbose=0)
    print(f"test loss {loss:.4f}, test accuracy {accuracy:.4f} "
          f"(target {TARGET_ACCURACY})")
    return 0 if accuracy >= TARGET_ACCURACY else 1


if __name__ == "__main__":
    sys.exit(main())
