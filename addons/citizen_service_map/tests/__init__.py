from . import test_map, test_map_cells, test_map_tour, test_zone, test_zone_draw_tour
