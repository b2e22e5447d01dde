"""REST API v1 views, one module per resource. Views validate, call one service or selector, serialize."""
