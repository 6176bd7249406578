"""Plain-Python definitions of every kernel, one value at a time.

These are the specification the compiled kernels are tested against: each
function takes one Python value (None for null) and returns what the kernel
returns for that row. They are far too slow for real data.
"""

import decimal
import re
from decimal import Decimal

from accel import rules

# ---- text ------------------------------------------------------------------


def tr_upper(text: str | None) -> str | None:
    if text is None:
        return None
    return "".join(rules.upper_char(char) for char in text)


def tr_lower(text: str | None) -> str | None:
    if text is None:
        return None
    return "".join(rules.lower_char(char) for char in text)


def tr_sort_key(text: str | None, hex_digits: bool = False) -> bytes | str | None:
    if text is None:
        return None

    key = bytearray()
    last_letter = None
    for char in text:
        weight = rules.sort_weight(char)
        if not weight:
            composed = rules.composed_weight(last_letter, char) if last_letter else None
            if composed is not None:
                key[-1] = composed
                last_letter = composed
            continue
        is_letter = len(weight) == 1 and weight[0] >= rules.LETTER_WEIGHT_BASE
        last_letter = weight[0] if is_letter else None
        key += weight

    return key.hex() if hex_digits else bytes(key)


def match_key(text: str | None) -> str | None:
    if text is None:
        return None
    folded = "".join(rules.match_char(char) for char in text)
    # Every white-space character became " "; join the words between runs of it.
    return " ".join(word for word in folded.split(" ") if word)


# ---- tax numbers -----------------------------------------------------------


def _is_ascii_digits(text: str, length: int) -> bool:
    return len(text) == length and all(char in "0123456789" for char in text)


def vkn_valid(text: str | None) -> bool | None:
    if text is None:
        return None
    if not _is_ascii_digits(text, 10):
        return False

    digits = [int(char) for char in text]
    total = 0
    for position, digit in enumerate(digits[:9]):
        term = (digit + 9 - position) % 10
        if term != 0:
            term = term * 2 ** (9 - position) % 9 or 9
        total += term
    return (10 - total % 10) % 10 == digits[9]


def tckn_valid(text: str | None) -> bool | None:
    if text is None:
        return None
    if not _is_ascii_digits(text, 11) or text[0] == "0":
        return False

    digits = [int(char) for char in text]
    odd = sum(digits[0:9:2])
    even = sum(digits[1:8:2])
    return (7 * odd - even) % 10 == digits[9] and sum(digits[:10]) % 10 == digits[10]


def tax_id_kind(text: str | None) -> str | None:
    if text is None:
        return None
    if vkn_valid(text):
        return "vkn"
    if tckn_valid(text):
        return "tckn"
    return None


# ---- money -----------------------------------------------------------------

_AMOUNT_FORMS = {
    "dia": re.compile(r"([+-]?)([0-9]+)(?:\.([0-9]+))?"),
    "tr": re.compile(r"([+-]?)([0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,([0-9]+))?"),
}


def parse_amount(text: str | None, style: str = "dia", precision: int = 28,
                 scale: int = 6) -> Decimal | None:
    if text is None:
        return None
    match = _AMOUNT_FORMS[style].fullmatch(text)
    if match is None:
        return None

    sign, integer, fraction = match.group(1), match.group(2), match.group(3) or ""
    if fraction[scale:].strip("0"):
        return None
    units = int(integer.replace(".", "") + fraction[:scale].ljust(scale, "0"))
    if units >= 10**precision:
        return None
    return Decimal(f"{sign}{units}E-{scale}")


def amount_is_invalid(text: str | None, style: str = "dia", precision: int = 28,
                      scale: int = 6) -> bool:
    return text is not None and parse_amount(text, style, precision, scale) is None


_KURUS = Decimal("0.01")
_OUTPUT_LIMIT = Decimal(10) ** 16      # Decimal(18, 2) has room for 16 integer digits


def _round_kurus(value: Decimal) -> Decimal:
    # decimal's ROUND_HALF_UP rounds halves away from zero, also for negatives.
    return value.quantize(_KURUS, rounding=decimal.ROUND_HALF_UP)


def line_totals(quantity: Decimal | None, unit_price: Decimal | None,
                discount_rate: Decimal | None, kdv_rate: Decimal | None) -> dict | None:
    if None in (quantity, unit_price, discount_rate, kdv_rate):
        return None

    # Enough digits that no product of two Decimal(38, 18) values is rounded.
    with decimal.localcontext(prec=120):
        tutari = _round_kurus(quantity * unit_price)
        indirimtutari = _round_kurus(tutari * discount_rate / 100)
        net = tutari - indirimtutari
        kdvtutari = _round_kurus(net * kdv_rate / 100)
        gross = net + kdvtutari

    totals = {"tutari": tutari, "indirimtutari": indirimtutari, "net": net,
              "kdvtutari": kdvtutari, "gross": gross}
    if any(abs(value) >= _OUTPUT_LIMIT for value in totals.values()):
        raise OverflowError(f"invoice line does not fit Decimal(18, 2): {totals}")
    return totals
