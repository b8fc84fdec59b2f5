"""Side concern: what a generation changes for the SDK's users (the surface and its diff).

Computed from IR values, never from generated text. Reached only from the pipeline and the CLI.
"""
