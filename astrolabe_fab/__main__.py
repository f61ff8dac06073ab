"""``python -m astrolabe_fab`` is the ``astrofab`` command."""

from .launch import main

if __name__ == "__main__":  # not when a worker process imports the main module (forkserver)
    main()
