from triage import reminders
from triage.management.sending import SendingCommand


class Command(SendingCommand):
    help = (
        "Send the reminder email to every opted-in owner with nothing logged today, from "
        "their hour on weekdays (run it every hour; at most one per owner and day)."
    )
    send_due = staticmethod(reminders.send_due)
