"""``python -m astrolabe_fab`` is the ``astrofab`` command."""

from .cli import main

main()
