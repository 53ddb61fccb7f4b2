"""Chart geometry shared by the capabilities' charts (frames, round and date ticks, legends, SVG paths)."""
