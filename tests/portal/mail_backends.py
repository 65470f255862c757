"""E-mail backends for tests of the mail queue."""

from smtplib import SMTPServerDisconnected

from django.core.mail.backends.base import BaseEmailBackend


class FailingBackend(BaseEmailBackend):
    """Behaves like an SMTP server that hangs up on every message."""

    def send_messages(self, email_messages):
        raise SMTPServerDisconnected("Connection unexpectedly closed")


class RecordingBackend(BaseEmailBackend):
    """Notes, for each message it sends and when it hangs up, what the database shows
    inside the sending transaction: the order a crash-safe sender must keep."""

    events: list = []  # shared by the instances one test creates

    def send_messages(self, email_messages):
        from django.db import connection

        from portal.models import OutgoingEmail

        for message in email_messages:
            status = OutgoingEmail.objects.get(to=message.to[0]).status
            self.events.append(("send", status, connection.in_atomic_block))
        return len(email_messages)

    def close(self):
        from django.db import connection

        self.events.append(("close", None, connection.in_atomic_block))
