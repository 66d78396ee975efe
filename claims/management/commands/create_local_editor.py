from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandParser

from claims.permissions import EDITORS_GROUP


class Command(BaseCommand):
    help = "Create a local editor account (once) and print its random password. Never resets an existing account."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", default="editor")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(f"Editor account '{username}' exists already (password unchanged).")
            return
        password = secrets.token_urlsafe(12)
        user = User.objects.create_user(username=username, password=password, is_staff=True)
        user.groups.add(Group.objects.get(name=EDITORS_GROUP))
        self.stdout.write(
            self.style.SUCCESS(f"Created editor account: username '{username}', password '{password}'")
            + "\nThe password is shown only this once."
        )
