"""System checks of this project's own settings (``manage.py check --deploy`` runs the deploy ones)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def outbound_loopback_check(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    if getattr(settings, "OUTBOUND_ALLOW_LOOPBACK", False):
        return [
            Error(
                "OUTBOUND_ALLOW_LOOPBACK is on: webhooks (and every outbound request) may reach services "
                "on this machine's loopback interface.",
                hint="It is a development setting; unset OUTBOUND_ALLOW_LOOPBACK in production.",
                id="newsroom.E001",
            )
        ]
    return []
