# The Celery application is loaded with Django, so @shared_task uses it (baodi_care/celery.py).
from .celery import app as celery_app

__all__ = ("celery_app",)
