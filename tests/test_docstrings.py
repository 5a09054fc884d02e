"""The `>>>` examples in public docstrings run and print what they show."""

import doctest
import importlib

import numpy as np
import pytest

import multikeras
from multikeras.api_export import exported_objects


def _public_objects():
    seen, objects = set(), []
    for path, obj in sorted(exported_objects().items()):
        if id(obj) not in seen:
            seen.add(id(obj))
            objects.append((path, obj))
    return objects


def _examples(obj, path):
    # module=False: `@export` sets __module__ to the public path, which
    # would make the finder skip the object as "imported from elsewhere".
    finder = doctest.DocTestFinder(exclude_empty=True)
    return [t for t in finder.find(obj, path, module=False) if t.examples]


CASES = [
    (path, obj) for path, obj in _public_objects() if _examples(obj, path)
]


def test_some_examples_are_collected():
    assert len(CASES) >= 8, [path for path, _ in CASES]


@pytest.mark.parametrize("path,obj", CASES, ids=[p for p, _ in CASES])
def test_docstring_examples(path, obj):
    runner = doctest.DocTestRunner(
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    )
    globs = {"multikeras": multikeras, "np": np}
    for test in _examples(obj, path):
        module = importlib.import_module(obj.__module__)
        test.globs = dict(globs, **vars(module))
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} example(s) in {path} failed"
