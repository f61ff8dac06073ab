"""Paper documents as data: which pages, and what is on each (``page``: the model; ``tiling``:
parts onto pages; ``sketch``: a page being laid out; ``furniture``: calibration square, marks,
notes; ``document``: the paper kit of an instrument). ``writers/pdf.py`` only draws them."""
