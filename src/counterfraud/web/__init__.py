"""The investigator's console: pages served by the API's app under ``/console/``.

Thin like ``counterfraud.api``: pages call the same services with the same Viewer,
roles and audit entries, so a page never shows what the API would refuse. Start with
``web.app.mount_console``; pages follow ``web.templating``'s contract.
"""
