"""Demo and benchmark tooling, apart from the product: nothing in plugins/ imports it.

Run a tool from the repository root as a module, e.g. `python -m tools.make_demo_audio --help`.
The tests import it (tests may import tools; tools never import tests).
"""
