"""The parts of cryptography.hazmat the simulator uses (see the package docstring)."""
