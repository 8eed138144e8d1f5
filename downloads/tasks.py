from django_tasks import task

from . import services


@task()
def export_run(export_id: str) -> None:
    services.export_run_now(export_id)
