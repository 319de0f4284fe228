import gc

from vfmhub import gunicorn_conf
from vfmhub.core.heap import freeze_long_lived


def test_it_moves_the_objects_alive_now_out_of_the_collectors_passes():
    try:
        frozen = freeze_long_lived()

        assert frozen == gc.get_freeze_count() > 10_000  # the loaded service: modules, settings…
        assert gc.collect() >= 0  # collections go on for what is made afterwards
    finally:
        gc.unfreeze()


def test_each_gunicorn_worker_freezes_once_it_has_loaded_the_service():
    try:
        gunicorn_conf.post_worker_init(worker=None)

        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()
