"""The console's pages, one module per page or group of pages, each with
``router = APIRouter()`` registered in ``web.app.PAGES`` (mounted under ``/console``)."""
