"""The worker's entry point (what `minutebook serve` and any ASGI server import)."""

import gc


def test_a_worker_keeps_full_garbage_collections_rare():
    import minutebook.asgi  # noqa: F401  (tuning happens on import)

    # What was imported is frozen out of every collection...
    assert gc.get_freeze_count() > 10_000
    # ...and the young generation is large enough for a batch of ballots to die in it.
    assert gc.get_threshold()[0] >= 50_000
