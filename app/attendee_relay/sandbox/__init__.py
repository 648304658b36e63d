"""Local simulators of the platforms' documented behaviour, served over real HTTP on loopback."""
