"""Write astrolabe_fab/data/r2010-skeleton.dxf, the empty drawing every DXF part is written into.

Run once by a developer (the file is committed; astrofab does not import ezdxf to build):

    python scripts/make_dxf_skeleton.py > astrolabe_fab/data/r2010-skeleton.dxf

The skeleton is an empty AutoCAD R2010 drawing made by ezdxf (``ezdxf.new("R2010",
setup=False)``, fixed metadata so no dates or GUIDs vary), in millimetres (``$INSUNITS`` 4,
``$MEASUREMENT`` 1), with one layer per SPEC §3 layer. Three things are left as markers that
``astrolabe_fab.writers.dxf`` fills in per part:

- ``@@ACI:<LAYER>@@``: the layer's ACI colour (group 62) from the chosen palette;
- ``@@HANDSEED@@``: ``$HANDSEED``, the next free handle after the part's entities;
- ``@@ENTITIES@@``: the ENTITIES section's content.

Why: importing ezdxf costs about 0.3 s and its tag-by-tag export about 0.4 s per instrument,
most of ``astrofab build``'s time budget; the writer now only formats entity tags. ezdxf still
checks every written file in the tests (``audit`` with no errors, geometry read back).
"""

from __future__ import annotations

import io
import os
import sys

import ezdxf
from ezdxf import units

from astrolabe_fab.scene import LAYERS
from astrolabe_fab.writers.dxf import MARK_ENTITIES, MARK_HANDSEED, aci_marker

#: The ezdxf release that wrote the committed skeleton (the tests compare byte for byte with it).
WRITTEN_WITH_EZDXF = "1.4.5"


def skeleton_text() -> str:
    ezdxf.options.write_fixed_meta_data_for_testing = True
    doc = ezdxf.new("R2010", setup=False)
    doc.units = units.MM
    doc.header["$MEASUREMENT"] = 1
    for layer in LAYERS:
        doc.layers.add(layer, color=7)
    stream = io.StringIO()
    doc.write(stream)
    lines = stream.getvalue().split("\n")
    out: list[str] = []
    layer_name: str | None = None
    i = 0
    while i < len(lines) - 1:
        code, value = lines[i], lines[i + 1]
        if code.strip() == "9" and value == "$HANDSEED":
            out += [code, value, lines[i + 2], MARK_HANDSEED]
            i += 4
            continue
        if code.strip() == "2" and value == "ENTITIES":
            out += [code, value, MARK_ENTITIES]
            i += 2
            continue
        if code.strip() == "0":
            layer_name = None
        elif code.strip() == "2" and value in LAYERS:
            layer_name = value
        elif code.strip() == "62" and layer_name is not None:
            value = aci_marker(layer_name)
        out += [code, value]
        i += 2
    out += lines[i:]
    return "\n".join(out)


if __name__ == "__main__":
    if os.environ.get("PYTHONHASHSEED") != "0":
        # ezdxf orders the CLASSES section by set iteration, which follows the string hash
        # seed: pin it so the skeleton is reproducible.
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        os.execve(sys.executable, [sys.executable, *sys.argv], env)
    sys.stdout.write(skeleton_text())
