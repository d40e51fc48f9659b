"""Image update automation: applying ImagePolicy results to Git checkouts."""
