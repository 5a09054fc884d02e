"""CSVLogger, TensorBoard (event files read back by a reader written here),
RemoteMonitor, LambdaCallback, TerminateOnNaN, SwapEMAWeights."""

import csv
import glob
import http.server
import json
import os
import struct
import threading
import urllib.parse

import numpy as np
import pytest

import multikeras as keras

jax_only = pytest.mark.jax_only


def _data(n=16, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 3)).astype(np.float32)
    return x, (x[:, 0] > 0).astype(np.int32)


def _model(optimizer=None):
    inputs = keras.Input((3,))
    model = keras.Model(inputs, keras.layers.Dense(2)(inputs))
    model.compile(
        optimizer=optimizer or keras.optimizers.SGD(0.1),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    return model


# --------------------------------------------------------------- CSVLogger
def test_csv_logger_writes_rows_and_appends(tmp_path):
    path = tmp_path / "log.csv"
    model = _model()
    logger = keras.callbacks.CSVLogger(path, separator=";")
    logger.set_model(model)
    logger.on_train_begin()
    logger.on_epoch_end(0, {"loss": 0.5, "acc": np.float32(0.25),
                            "vec": np.array([1, 2])})
    logger.on_epoch_end(1, {"loss": 0.25, "acc": 0.5})
    logger.on_train_end()
    again = keras.callbacks.CSVLogger(path, separator=";", append=True)
    again.set_model(model)
    again.on_train_begin()
    again.on_epoch_end(2, {"loss": 0.125, "acc": 0.75, "vec": "x"})
    again.on_train_end()
    rows = list(csv.reader(path.read_text().splitlines(), delimiter=";"))
    assert rows == [
        ["epoch", "acc", "loss", "vec"],
        ["0", "0.25", "0.5", '"[1, 2]"'],
        ["1", "0.5", "0.25", "NA"],
        ["2", "0.75", "0.125", "x"],
    ]


@jax_only
def test_csv_logger_in_fit_matches_history(tmp_path):
    x, y = _data()
    path = tmp_path / "log.csv"
    history = _model().fit(
        x, y, batch_size=8, epochs=2, verbose=0, validation_data=(x, y),
        callbacks=[keras.callbacks.CSVLogger(path)],
    )
    rows = list(csv.DictReader(path.read_text().splitlines()))
    assert [int(r["epoch"]) for r in rows] == [0, 1]
    for key, values in history.history.items():
        np.testing.assert_allclose([float(r[key]) for r in rows], values)


# ------------------------------------------------------------- TensorBoard
def _crc32c_bitwise(data):
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 * (crc & 1))
    return crc ^ 0xFFFFFFFF


def _masked(data):
    crc = _crc32c_bitwise(data)
    return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def _records(path):
    with open(path, "rb") as f:
        data = f.read()
    offset, records = 0, []
    while offset < len(data):
        header = data[offset:offset + 8]
        (length,) = struct.unpack("<Q", header)
        (header_crc,) = struct.unpack("<I", data[offset + 8:offset + 12])
        assert header_crc == _masked(header)
        body = data[offset + 12:offset + 12 + length]
        (body_crc,) = struct.unpack(
            "<I", data[offset + 12 + length:offset + 16 + length]
        )
        assert body_crc == _masked(body)
        records.append(body)
        offset += 16 + length
    return records


def _fields(message):
    """A protobuf message as {field number: [raw values]}."""
    fields, i = {}, 0

    def varint():
        nonlocal i
        shift = value = 0
        while True:
            byte = message[i]
            i += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                return value

    while i < len(message):
        key = varint()
        number, wire = key >> 3, key & 7
        if wire == 0:
            value = varint()
        elif wire == 1:
            value = struct.unpack("<d", message[i:i + 8])[0]
            i += 8
        elif wire == 5:
            value = struct.unpack("<f", message[i:i + 4])[0]
            i += 4
        else:
            size = varint()
            value = message[i:i + size]
            i += size
        fields.setdefault(number, []).append(value)
    return fields


def _read_events(directory):
    (path,) = glob.glob(os.path.join(directory, "events.out.tfevents.*"))
    events = [_fields(r) for r in _records(path)]
    assert events[0][3] == [b"brain.Event:2"]  # file_version first
    out = []
    for event in events[1:]:
        for value in _fields(event[5][0])[1]:
            value = _fields(value)
            out.append((event[2][0], value[1][0].decode(), value))
    return out


def test_crc32c_matches_the_standard_check_value():
    from multikeras.callbacks._event_file import crc32c

    assert crc32c(b"123456789") == 0xE3069283 == _crc32c_bitwise(
        b"123456789"
    )


def _scalars(events, prefix):
    found = {}
    for step, tag, value in events:
        if tag.startswith(prefix) and 2 in value:
            found.setdefault(tag, {})[step] = value[2][0]
    return found


@jax_only
def test_tensorboard_writes_scalars_histograms_and_the_graph(tmp_path):
    x, y = _data(24)
    model = _model()
    board = keras.callbacks.TensorBoard(
        tmp_path, histogram_freq=1, write_images=True, update_freq=2,
        write_steps_per_second=True,
    )
    history = model.fit(x, y, batch_size=8, epochs=2, verbose=0,
                        validation_data=(x, y), callbacks=[board])
    train = _read_events(tmp_path / "train")
    validation = _read_events(tmp_path / "validation")
    epochs = _scalars(train, "epoch_")
    for key in ("loss", "accuracy"):
        np.testing.assert_allclose(
            [epochs[f"epoch_{key}"][e] for e in (0, 1)],
            history.history[key], rtol=1e-6,
        )
        np.testing.assert_allclose(
            [_scalars(validation, "epoch_")[f"epoch_{key}"][e]
             for e in (0, 1)],
            history.history[f"val_{key}"], rtol=1e-6,
        )
    np.testing.assert_allclose(list(epochs["epoch_learning_rate"].values()),
                               [0.1, 0.1])
    assert set(epochs) >= {"epoch_steps_per_second"}
    # 3 batches per epoch; batch scalars every 2nd global batch.
    assert sorted(_scalars(train, "batch_")["batch_loss"]) == [2, 4, 6]
    evaluations = _scalars(validation, "evaluation_")
    assert sorted(evaluations["evaluation_loss_vs_iterations"]) == [3, 6]
    kernel = model.layers[-1].kernel
    histograms = {(step, tag): value for step, tag, value in train
                  if tag.endswith("/histogram")}
    histo = _fields(histograms[(1, f"{kernel.path}/histogram")][5][0])
    values = np.asarray(kernel.value)
    assert histo[1][0] == values.min() and histo[2][0] == values.max()
    assert histo[3][0] == values.size
    np.testing.assert_allclose(histo[4][0], values.sum(), rtol=1e-6)
    counts = np.frombuffer(histo[7][0], "<f8")
    assert counts.sum() == values.size
    images = [v for _, tag, v in train if tag.endswith("/image")]
    assert images and _fields(images[0][4][0])[4][0][:4] == b"\x89PNG"
    (graph,) = [v for _, tag, v in train if tag == "keras"]
    tensor = _fields(graph[8][0])
    config = json.loads(tensor[8][0])
    assert config["class_name"] in ("Functional", "Model")


@pytest.mark.skipif(
    not __import__("importlib").util.find_spec("tensorboard"),
    reason="tensorboard is not installed",
)
def test_tensorboard_reader_reads_our_files(tmp_path):
    from tensorboard.backend.event_processing import event_accumulator

    board = keras.callbacks.TensorBoard(tmp_path, write_graph=False)
    board.set_model(_model())
    board.on_epoch_end(0, {"loss": 0.5})
    board.on_train_end()
    reader = event_accumulator.EventAccumulator(str(tmp_path / "train"))
    reader.Reload()
    assert reader.Scalars("epoch_loss")[0].value == 0.5


def test_tensorboard_after_evaluate_and_bad_arguments(tmp_path):
    x, y = _data()
    model = _model()
    board = keras.callbacks.TensorBoard(tmp_path, write_graph=False)
    logs = model.evaluate(x, y, verbose=0, callbacks=[board],
                          return_dict=True)
    values = _scalars(_read_events(tmp_path / "validation"), "evaluation_")
    assert values["evaluation_loss_vs_iterations"][0] == pytest.approx(
        logs["loss"], rel=1e-6
    )
    assert not os.path.exists(tmp_path / "train")
    with pytest.raises(ValueError, match="update_freq"):
        keras.callbacks.TensorBoard(tmp_path, update_freq="step")
    with pytest.raises(ValueError, match="profile_batch must be"):
        keras.callbacks.TensorBoard(tmp_path, profile_batch=(5, 2))


# ----------------------------------------------------------- RemoteMonitor
class _Handler(http.server.BaseHTTPRequestHandler):
    received = []

    def do_POST(self):  # noqa: N802 (http.server's name)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append((self.path, self.headers["Content-Type"], body))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_remote_monitor_posts_each_epoch():
    server = http.server.HTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    root = f"http://127.0.0.1:{server.server_port}"
    try:
        form = keras.callbacks.RemoteMonitor(root=root, path="/end/")
        form.on_epoch_end(0, {"loss": np.float32(0.5)})
        as_json = keras.callbacks.RemoteMonitor(root=root, send_as_json=True)
        as_json.on_epoch_end(1, {"loss": 0.25})
    finally:
        server.shutdown()
        server.server_close()
    (path, kind, body), (path2, kind2, body2) = _Handler.received
    assert path == "/end/" and kind == "application/x-www-form-urlencoded"
    assert json.loads(urllib.parse.parse_qs(body.decode())["data"][0]) == {
        "epoch": 0, "loss": 0.5}
    assert path2 == "/publish/epoch/end/" and kind2 == "application/json"
    assert json.loads(body2) == {"epoch": 1, "loss": 0.25}
    # A server that is down gives a warning, not an error.
    with pytest.warns(UserWarning, match="Could not reach RemoteMonitor"):
        keras.callbacks.RemoteMonitor(root=root).on_epoch_end(2, {})


def test_remote_monitor_rejects_unsafe_urls():
    with pytest.raises(ValueError, match="Invalid URL scheme 'file'"):
        keras.callbacks.RemoteMonitor(root="file:///etc")
    with pytest.raises(ValueError, match="Host injection"):
        keras.callbacks.RemoteMonitor(root="http://localhost",
                                      path="@evil.example/")


# ---------------------------------------------------------- LambdaCallback
def test_lambda_callback_hooks_and_errors():
    x, y = _data()
    seen = []
    callback = keras.callbacks.LambdaCallback(
        on_test_batch_end=lambda batch, logs: seen.append(batch),
        on_test_end=lambda logs: seen.append(sorted(logs)),
    )
    _model().evaluate(x, y, batch_size=8, verbose=0, callbacks=[callback])
    assert seen == [0, 1, ["accuracy", "loss"]]
    with pytest.raises(ValueError, match="unknown hooks.*on_batch_end"):
        keras.callbacks.LambdaCallback(on_batch_end=print)
    with pytest.raises(TypeError, match="`on_epoch_end` must be a function"):
        keras.callbacks.LambdaCallback(on_epoch_end=3)


# ---------------------------------------------------------- TerminateOnNaN
@jax_only
def test_terminate_on_nan_stops_or_raises(capsys):
    x, y = _data()
    x[9] = np.nan  # the second batch of 8
    batches = []
    count = keras.callbacks.LambdaCallback(
        on_train_batch_end=lambda batch, logs: batches.append(batch)
    )
    history = _model().fit(
        x, y, batch_size=8, epochs=3, verbose=0, shuffle=False,
        callbacks=[keras.callbacks.TerminateOnNaN(), count],
    )
    assert batches == [0, 1] and history.epoch == [0]
    assert "Batch 1: Invalid loss, terminating training" in (
        capsys.readouterr().out
    )
    with pytest.raises(RuntimeError, match="NaN or Inf loss .* batch 1"):
        _model().fit(x, y, batch_size=8, epochs=3, verbose=0, shuffle=False,
                     callbacks=[keras.callbacks.TerminateOnNaN(True)])


# ---------------------------------------------------------- SwapEMAWeights
@jax_only
def test_swap_ema_weights_validates_and_checkpoints_the_averages():
    x, y = _data()
    model = _model(keras.optimizers.SGD(0.5, use_ema=True, ema_momentum=0.5))
    seen = {}

    def at_epoch_end(epoch, logs):
        averages = model.optimizer._model_variables_moving_average
        seen[epoch] = (model.get_weights(),
                       [np.asarray(a.value) for a in averages])

    def at_epoch_begin(epoch, logs):
        seen[f"begin{epoch}"] = model.get_weights()

    record = keras.callbacks.LambdaCallback(on_epoch_end=at_epoch_end,
                                            on_epoch_begin=at_epoch_begin)
    swap = keras.callbacks.SwapEMAWeights(swap_on_epoch=True)
    history = model.fit(x, y, batch_size=8, epochs=2, verbose=0,
                        validation_data=(x, y), callbacks=[swap, record])
    for epoch in (0, 1):
        weights, averages = seen[epoch]
        for got, want in zip(weights, averages, strict=True):
            np.testing.assert_array_equal(got, want)
    # Training went on from the training weights, not the averages.
    assert not np.array_equal(seen["begin1"][0], seen[0][0][0])
    # Validation used the averages, which the model holds at the end.
    final = model.evaluate(x, y, verbose=0, return_dict=True)
    assert history.history["val_loss"][-1] == pytest.approx(
        final["loss"], rel=1e-6
    )
    for got, want in zip(model.get_weights(), seen[1][1], strict=True):
        np.testing.assert_array_equal(got, want)


def test_swap_ema_weights_needs_use_ema():
    x, y = _data()
    with pytest.raises(ValueError, match="use_ema=True"):
        _model().evaluate(x, y, verbose=0,
                          callbacks=[keras.callbacks.SwapEMAWeights()])
