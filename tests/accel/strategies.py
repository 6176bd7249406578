"""Hypothesis strategies for the kernel tests: Turkish-heavy text and amount-like text."""

from decimal import Decimal

from hypothesis import strategies as st

TURKISH_LETTERS = "AaBbCcÇçDdEeFfGgĞğHhIıİiJjKkLlMmNnOoÖöPpRrSsŞşTtUuÜüVvYyZzQqWwXxÂâÎîÛû"
# The marks that compose Turkish letters, plus acute and circumflex.
COMBINING_MARKS = "\u0306\u0307\u0308\u0327\u0301\u0302"
OTHER_CHARACTERS = " \t\n\u00a0\u3000.,;:-'&/()+₺0123456789٣ßẞΣσςǅﬁÉéÅKΩЖж中"

characters = st.one_of(
    st.sampled_from(TURKISH_LETTERS + COMBINING_MARKS + OTHER_CHARACTERS),
    st.characters(codec="utf-8"),
)
texts = st.text(characters, max_size=24)


def nullable_lists(values: st.SearchStrategy) -> st.SearchStrategy[list]:
    """Lists of values with nulls mixed in, empty lists included."""
    return st.lists(st.none() | values, max_size=30)


text_lists = nullable_lists(texts)

tax_id_texts = st.one_of(
    st.text("0123456789", min_size=9, max_size=12),
    st.text("0123456789 -a٣", min_size=10, max_size=11),
    texts,
)
tax_id_lists = nullable_lists(tax_id_texts)

dia_amount_texts = st.one_of(
    st.from_regex(r"[+-]?[0-9]{1,32}(\.[0-9]{0,9})?", fullmatch=True),
    st.from_regex(r"[+-]?0*[0-9]{0,3}\.[0-9]{6}", fullmatch=True),
    texts,
)
tr_amount_texts = st.one_of(
    st.from_regex(r"[+-]?[0-9]{1,3}(\.[0-9]{3}){0,9}(,[0-9]{0,9})?", fullmatch=True),
    st.from_regex(r"[+-]?[0-9]{1,6}(\.[0-9]{1,4})*(,[0-9]{1,3})?", fullmatch=True),
    texts,
)


def decimal_amounts(max_value: int, places: int = 6) -> st.SearchStrategy[Decimal]:
    return st.decimals(min_value=-max_value, max_value=max_value, places=places,
                       allow_nan=False, allow_infinity=False)


rates = st.decimals(min_value=0, max_value=100, places=6)
kdv_rates = st.sampled_from([Decimal(0), Decimal(1), Decimal(10), Decimal(20)]) | rates
