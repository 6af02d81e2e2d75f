"""Every write goes through a service here; views, API, admin, tasks and commands call them."""
