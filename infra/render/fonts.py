"""DejaVu Sans trimmed to the scripts an invoice uses, made once per process.

WeasyPrint subsets every embedded font on every render; for the full DejaVu
Sans that means decoding its large GSUB, GPOS and MATH tables (about 0.4 s per face,
a fifth of a 1,000-subscriber invoice). A copy trimmed to Latin, Cyrillic and
punctuation, without those tables, subsets in a few milliseconds. A character
outside it (an emoji in a name) still prints: Pango falls back to the next
family in the CSS list, the full system DejaVu Sans.
"""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path

from fontTools import subset  # type: ignore[import-untyped]
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

FACES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
_RANGES = (
    (0x0020, 0x024F),  # Latin, Latin-1, Latin Extended-A/B
    (0x0400, 0x052F),  # Cyrillic and its supplement (incl. Belarusian ў, і)
    (0x2000, 0x206F),  # general punctuation: figure, punctuation, no-break spaces, dashes
    (0x20A0, 0x20CF),  # currency signs
    (0x2100, 0x214F),  # letterlike: №
    (0x2190, 0x21FF),  # arrows
    (0x2212, 0x2212),  # minus sign
    (0xFFFD, 0xFFFD),
)


@functools.cache
def trimmed_fonts(source_dir: Path) -> Path:
    """A folder holding trimmed copies of FACES from source_dir."""
    target = Path(tempfile.mkdtemp(prefix="kabinet-fonts-"))
    atexit.register(shutil.rmtree, target, ignore_errors=True)
    unicodes = [code for start, end in _RANGES for code in range(start, end + 1)]
    options = subset.Options()
    # No OpenType layout at all: its tables are what makes subsetting slow, an
    # invoice needs no ligatures, and without kerning a line is exactly as
    # wide as the sum of its advances, which is how pdf.py places tab stops.
    options.layout_features = []
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.drop_tables += ["FFTM", "GPOS", "GSUB", "GDEF", "kern", "MATH"]
    for face in FACES:
        font = TTFont(source_dir / face)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=unicodes)
        subsetter.subset(font)
        font.save(target / face)
    return target
