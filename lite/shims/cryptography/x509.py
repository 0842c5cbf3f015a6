"""Not in the browser build: PyJWT imports this first and, on this error, does without cryptography."""

raise ModuleNotFoundError("cryptography.x509 is not part of the in-browser build", name="cryptography.x509")
