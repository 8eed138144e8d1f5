"""gunicorn settings: `gunicorn -c config/gunicorn.conf.py config.wsgi`.

The access log masks invitation tokens (paths /s/<token>/), like Django's own logs.
"""

from gunicorn.glogging import Logger

from selfrating.logging import mask


class MaskingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "q", "{raw_uri}e", "{path_info}e"):
            if isinstance(atoms.get(key), str):
                atoms[key] = mask(atoms[key])
        return atoms


logger_class = MaskingLogger
bind = "127.0.0.1:8001"
workers = 3
accesslog = "-"
forwarded_allow_ips = "127.0.0.1"
