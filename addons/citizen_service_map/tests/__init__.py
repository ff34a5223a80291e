from . import test_map, test_map_tour, test_zone
