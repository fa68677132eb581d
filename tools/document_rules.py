# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""How a Vietnamese administrative document names its issuer and its date.

Plain functions of values (Decree 30/2020/NĐ-CP, appendix I). The names of the
agencies are Vietnamese proper names: these functions only derive the forms a
document prints (the full name of a People's Committee, the place name of its
locality) from the name an agency is recorded under; every result is a default
that the agency's record can correct.
"""

import re

# "UBND xã Châu Sơn" -> ("xã", "Châu Sơn"); the kinds of administrative units
# a People's Committee governs, longest first.
UNIT_KINDS = ("thành phố", "thị trấn", "thị xã", "đặc khu", "phường", "tỉnh", "xã")
_COMMITTEE = re.compile(
    r"^\s*(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(%s)\s+(.+?)\s*$"
    % "|".join(UNIT_KINDS),
    re.IGNORECASE,
)
COMMITTEE_FULL = "Ủy ban nhân dân"
POLICE = "Công an"
POLICE_HEAD = "TRƯỞNG CÔNG AN"
# The heading of each kind of agency's documents: its governing body (None:
# the province People's Committee), who the head signs for and the title.
AGENCY_HEADINGS = {
    "province_committee": {
        "parent": "",
        "authority": "TM. ỦY BAN NHÂN DÂN",
        "title": "CHỦ TỊCH",
    },
    "commune": {"parent": "", "authority": "TM. ỦY BAN NHÂN DÂN", "title": "CHỦ TỊCH"},
    "province_police": {"parent": "Bộ Công an", "title": "GIÁM ĐỐC"},
    "vbsp_branch": {"parent": "Ngân hàng Chính sách xã hội", "title": "GIÁM ĐỐC"},
    "vbsp_office": {"parent": "Ngân hàng Chính sách xã hội", "title": "GIÁM ĐỐC"},
    "department": {"parent": None, "title": "GIÁM ĐỐC"},
    "military_command": {"parent": None, "title": "CHỈ HUY TRƯỞNG"},
    "fatherland_front": {
        "parent": "",
        "authority": "TM. BAN THƯỜNG TRỰC",
        "title": "CHỦ TỊCH",
    },
}


def split_committee_name(name):
    """(kind, locality) of a People's Committee's name, or (None, None)."""
    match = _COMMITTEE.match(name or "")
    if not match:
        return None, None
    return match.group(1).lower(), match.group(2)


def document_name(name):
    """The name printed on documents: "UBND xã X" is written in full."""
    kind, locality = split_committee_name(name)
    if not kind:
        return name or ""
    return "%s %s %s" % (COMMITTEE_FULL, kind, locality)


def place_name(name, fallback=""):
    """The place name of a People's Committee's documents: its locality."""
    kind, locality = split_committee_name(name)
    return locality or fallback or ""


def police_name(name):
    """The commune police of a commune's People's Committee: "Công an xã X"."""
    kind, locality = split_committee_name(name)
    if not kind:
        return ""
    return "%s %s %s" % (POLICE, kind, locality)


def heading_lines(name):
    """The issuing body as the heading prints it, upper case: a People's
    Committee on two lines, «ỦY BAN NHÂN DÂN» above its locality."""
    name = (name or "").strip()
    if name.lower().startswith(COMMITTEE_FULL.lower() + " "):
        return [COMMITTEE_FULL.upper(), name[len(COMMITTEE_FULL) + 1 :].upper()]
    return [name.upper()] if name else []


def date_parts(day):
    """Day, month and year as a document writes them (Decree 30/2020/NĐ-CP):
    a day below 10 and the months January and February take a leading zero."""
    if not day:
        return None
    return {
        "day": "%02d" % day.day,
        "month": "%02d" % day.month if day.month < 3 else str(day.month),
        "year": str(day.year),
    }
