"""HTTP: the application, authentication, and one package per API dialect."""
