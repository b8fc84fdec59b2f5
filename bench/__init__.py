"""Side-by-side benchmarks of sdkgen against its peers; run `python -m bench`."""
