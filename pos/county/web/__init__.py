"""The county centre's web pages for its staff: login, dashboard, a page per station."""
