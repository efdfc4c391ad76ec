from triage import weekly_email
from triage.management.sending import SendingCommand


class Command(SendingCommand):
    help = (
        "Send every weekly review email that is due and not yet sent (run it every hour; "
        "each owner gets at most one a week, however often it runs)."
    )
    send_due = staticmethod(weekly_email.send_due)
