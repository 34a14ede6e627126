"""Call scripts: their definition, the variables they fill in, and the engine that runs them."""
