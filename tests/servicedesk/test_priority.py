import pytest

from servicedesk.errors import InvalidQualification
from servicedesk.priority import compute_priority

# The matrix of DESIGN.md, row by row: impact 1..3, urgency 1..4.
EXPECTED = {
    1: ["P1", "P1", "P2", "P4"],
    2: ["P1", "P2", "P3", "P4"],
    3: ["P2", "P3", "P3", "P4"],
}


@pytest.mark.parametrize("impact", [1, 2, 3])
@pytest.mark.parametrize("urgency", [1, 2, 3, 4])
def test_every_cell_of_the_itil_matrix(impact: int, urgency: int) -> None:
    assert compute_priority(impact, urgency) == EXPECTED[impact][urgency - 1]


@pytest.mark.parametrize(("impact", "urgency"), [(0, 1), (4, 1), (1, 0), (1, 5), (-1, 2)])
def test_values_outside_the_scales_are_refused(impact: int, urgency: int) -> None:
    with pytest.raises(InvalidQualification):
        compute_priority(impact, urgency)


def test_lower_impact_never_raises_priority() -> None:
    for urgency in range(1, 5):
        ranks = [compute_priority(impact, urgency) for impact in (1, 2, 3)]
        assert ranks == sorted(ranks)


def test_a_value_off_the_matrix_is_told_by_fields_not_prose() -> None:
    with pytest.raises(InvalidQualification) as refused:
        compute_priority(7, 2)
    assert (refused.value.fault, refused.value.value) == ("off_the_matrix", (7, 2))
