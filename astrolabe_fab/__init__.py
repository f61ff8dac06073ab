"""astrofab: astrolabes for any latitude, laser- and paper-ready; reduction of their sightings."""

__version__ = "0.1.0"
