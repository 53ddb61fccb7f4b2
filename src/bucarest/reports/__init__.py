"""Reports over the domain values: the progress review (HTML, Markdown) and shared SVG charts."""
