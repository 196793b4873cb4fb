"""The service's logic, shared by the HTTP routes and the seeding of demo data."""
