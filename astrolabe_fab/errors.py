"""The one exception type for bad input; the CLI turns it into one line and exit code 2."""


class InputError(ValueError):
    """Bad input from the user: the message names the problem and the allowed range."""
