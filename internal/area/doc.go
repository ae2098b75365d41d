package area
