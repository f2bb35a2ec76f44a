"""The starting points of the fuzzing and the bad-input corpus are themselves valid: each
kind's file imports into the small base store and changes it. Without this, a fuzzer that
"finds no escaping exception" could be mutating files that never got past the first check."""

from __future__ import annotations

import pytest
from _reliability_support import ALL_KINDS, content_digest, run_import


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_each_kinds_valid_file_imports_and_changes_the_store(kind, valid_sources, small_store):
    before = content_digest(small_store)
    report = run_import(kind, [valid_sources[kind]], small_store)
    assert report.total_changed > 0, report.message
    assert content_digest(small_store) != before
