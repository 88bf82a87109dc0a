# gunicorn: the part Assay uses (the logger class it extends).
