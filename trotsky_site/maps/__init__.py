"""Maps drawn at build time as inline SVG from bundled Natural Earth outlines: no JavaScript, no tiles."""
