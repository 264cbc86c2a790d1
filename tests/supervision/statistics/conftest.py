from tests.supervision.statistics.district import district  # noqa: F401 - the fixture, for every test here
