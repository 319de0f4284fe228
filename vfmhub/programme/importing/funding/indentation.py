"""A line's bullet, which says how far its name is indented where its leading spaces or the cell's
indent do not (those come from `lib.tabular.column_indents`): "•" one level down, "-" or "–"
two, as a plan typed in Word and pasted into a spreadsheet marks them.
"""

FIRST_BULLETS = "•\u2022\uf0b7\u25aa\u25cf\u25e6▪●"
SECOND_BULLETS = "-–—"
STRIP = FIRST_BULLETS + SECOND_BULLETS + "*· \t"


def bullet_depth(name: str) -> int:
    """1 for "• Adult Social Care", 2 for "- 14-19 Transition Programme", else 0."""
    text = name.lstrip()
    if text[:1] in FIRST_BULLETS:
        return 1
    if text[:1] in SECOND_BULLETS and text[1:2] == " ":
        return 2
    return 0


def plain_name(name: str) -> str:
    """The name without its bullet and spacing: "• Adult  Social Care" -> "Adult Social Care"."""
    return " ".join(name.split()).lstrip(STRIP).strip()
