"""The worker process: the declared job list (registry.py) and each job's ``run_once()``.

Run by ``assay worker`` in its own process, never inside the web app (each gunicorn worker
would run every job).
"""
