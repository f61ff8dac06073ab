"""The live designer in the browser (``astrofab serve``): a local web application.

``server`` runs it (uvicorn), ``app`` answers requests (Starlette: the page and the HTTP API of
SPEC §7), ``query`` turns query strings into validated designs through the design schema,
``engine`` draws parts in worker processes with caches and limits, ``work`` is what the
workers run, ``cache`` keeps what they drew. The page is plain HTML, CSS and JavaScript
modules in ``static/``, served from the package (no build step, no network).
"""
