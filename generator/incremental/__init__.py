"""Side concerns: remembering earlier runs so that work is not done twice, and using every core.

Nothing here decides what is written: the output is the same with all of it turned off. Reached
only from the pipeline and the CLI.
"""
