import pytest
from hypothesis import given
from hypothesis import strategies as s

from pos.domain.errors import ValidationError
from pos.domain.station import StationDetails, clean_person_name


def test_cleaned_collapses_spaces():
    d = StationDetails("  清水村   服务站 ", " 村委会 旁 ", " 0578-8123456 ").cleaned()
    assert d == StationDetails("清水村 服务站", "村委会 旁", "0578-8123456")


@pytest.mark.parametrize(
    "details, field",
    [
        (StationDetails(""), "name"),
        (StationDetails("   "), "name"),
        (StationDetails("x" * 101), "name"),
        (StationDetails("站", "x" * 201), "address"),
        (StationDetails("站", "", "abc"), "phone"),
        (StationDetails("站", "", "12"), "phone"),
    ],
)
def test_bad_details_name_their_field(details, field):
    with pytest.raises(ValidationError) as e:
        details.cleaned()
    assert e.value.field == field


def test_person_name():
    assert clean_person_name(" 王  小明 ") == "王 小明"
    with pytest.raises(ValidationError):
        clean_person_name("  ")


@given(s.text(max_size=300), s.text(max_size=300), s.text(max_size=40))
def test_any_input_is_cleaned_or_refused(name, address, phone):
    try:
        StationDetails(name, address, phone).cleaned()
    except ValidationError:
        pass
