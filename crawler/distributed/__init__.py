"""Scale-out: Celery workers on a Redis broker, a fleet-wide rate limit, the PostgreSQL store."""
