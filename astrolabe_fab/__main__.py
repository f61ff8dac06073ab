"""``python -m astrolabe_fab`` is the ``astrofab`` command."""

from .launch import main

main()
