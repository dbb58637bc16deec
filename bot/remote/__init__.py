"""Remote assistance at the doors (issue 17): the signed link of a session's page, the page where the requester
says yes or no and types a session code, and the watcher that follows the tool's devices and sessions."""
