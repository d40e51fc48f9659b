"""Registry access for image scanning: references, credentials, transport, the v2 client."""
